import type {
  LatchkeyStorage,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';

/** Where the tokens live: in the Latchkey extension's broker, or in this page's origin. */
export type LatchkeyMode = 'extension' | 'page';

export interface CreateLatchkeyOptions {
  /** The providers this app signs in with (used in page mode; in extension mode the ids must match the extension's). */
  providers: ProviderConfig[];
  /** `auto` (default) uses the extension when it answers `hello`, else runs in the page. */
  mode?: 'auto' | LatchkeyMode;
  /** The extension's id, for direct `chrome.runtime.sendMessage` (the page must be in its `externally_connectable`). */
  extensionId?: string;
  /** Milliseconds to wait for the extension's `hello` in `auto` mode (default 300). */
  helloTimeout?: number;
  /** Milliseconds a non-interactive call may take (default 30 000). */
  timeout?: number;
  /** Milliseconds an interactive sign-in may take (default 600 000, the life of a transaction). */
  signInTimeout?: number;
  /** Page mode: the redirect URI registered for this app (default: each provider's `redirectUri`, else this page's origin + `/`). */
  redirectUri?: string;
  /** Page mode: where transactions and tokens live (default: IndexedDB `latchkey` of this origin). */
  storage?: LatchkeyStorage;
  /** Page mode: the `fetch` core uses for the authorization server (default: `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/**
 * Authorization request parameters a sign-in (or an interactive `getToken`) passes to the provider.
 * @see OpenID Connect Core 1.0 §3.1.2.1
 */
export interface AuthorizationParams {
  /** OIDC `prompt`: `'login'`, `'select_account'`, `'consent'`, `'none'`. */
  prompt?: string;
  /** OIDC `login_hint`. */
  loginHint?: string;
  /** `audience`, for providers that take one. */
  audience?: string;
  /** Resource indicators. @see RFC 8707 §2 */
  resource?: string | string[];
  /** OIDC `acr_values`. */
  acrValues?: string | string[];
  /** OIDC `max_age`, in seconds. */
  maxAge?: number;
  /** OIDC `ui_locales`. */
  uiLocales?: string | string[];
}

/** Options of the calls that concern one session. */
export interface AccountOption {
  /** The account (its id_token `sub`) whose session to use; default: the provider's current account. */
  account?: string;
}

export interface GetTokenOptions extends AuthorizationParams, AccountOption {
  /** Scopes the token must carry. */
  scopes?: string[];
  /** Seconds the token must still be valid for (default 30). */
  minValidity?: number;
  /** With no session, start a sign-in (popup in page mode) instead of rejecting with `login_required`. */
  interactive?: boolean;
}

export interface SignInOptions extends AuthorizationParams {
  scopes?: string[];
  /** Page mode: leave this page for the authorization server instead of opening a popup. */
  redirect?: boolean;
  /** Page mode, redirect flow: a same-origin path to return to after sign-in (anything else is ignored). */
  returnTo?: string;
  /** Page mode: when the popup is blocked, reject with `popup_blocked` (default) or fall back to the redirect flow. */
  onPopupBlocked?: 'error' | 'redirect';
}

export interface SignOutOptions {
  /** The account to sign out (default: the provider's current account). */
  account?: string;
  /** Sign every account of the provider out. */
  allAccounts?: boolean;
  /** After revoking the tokens, end the session at the provider too (RP-initiated logout). */
  endSession?: boolean;
  /** Page mode, with `endSession`: end the provider's session by navigating this page instead of a popup. */
  redirect?: boolean;
  /** Page mode, redirect sign-out: a same-origin path to return to afterwards (anything else is ignored). */
  returnTo?: string;
}

/** One signed-in account of a provider. */
export interface AccountSummary {
  provider: string;
  /** The account's id_token `sub` (`''` when the provider gives no id_token). */
  account: string;
  name?: string;
  email?: string;
  /** Whether calls without `account` use this one. */
  current: boolean;
}

/** `RequestInit`, with the account whose token the request carries. */
export type LatchkeyRequestInit = RequestInit & AccountOption;

/** What `handleRedirectCallback()` found in the URL. */
export type RedirectCallbackResult =
  /** This page is the sign-in popup; it handed the result to its opener and is closing. */
  | { kind: 'popup' }
  /** A full-page redirect sign-in completed; `returnTo` is same-origin, when one was given. */
  | { kind: 'redirect'; token: PageTokenInfo; returnTo?: string }
  /** This page is the hidden frame of a silent re-authentication; it handed the result to its parent. */
  | { kind: 'frame' }
  /**
   * The provider sent this page back after a redirect sign-out with `endSession` (the tokens were
   * revoked before it left); `returnTo` is same-origin, when one was given.
   */
  | { kind: 'signedOut'; provider: string; returnTo?: string };

export interface LatchkeyEvents {
  /** A provider's token changed (sign-in or refresh, in this tab, another tab or the extension). */
  tokenChanged: { provider: string; account?: string };
  /** A provider was signed out (here, in another tab, or in the extension). */
  signedOut: { provider: string; account?: string };
}

export type LatchkeyEventName = keyof LatchkeyEvents;

/** @see packages/web/README.md */
export interface Latchkey {
  readonly mode: LatchkeyMode;
  providers(): Promise<ProviderSummary[]>;
  /** The access token, from memory when it is still valid. Never opens a window unless `interactive`. */
  getToken(provider: string, options?: GetTokenOptions): Promise<string>;
  /** Like {@link Latchkey.getToken}, with the token's expiry, scopes and account. */
  getTokenInfo(provider: string, options?: GetTokenOptions): Promise<PageTokenInfo>;
  /** Page mode: call synchronously inside a click handler, so that the popup may open. */
  signIn(provider: string, options?: SignInOptions): Promise<PageTokenInfo>;
  /** Revokes the session's tokens; with `endSession`, ends the session at the provider too. */
  signOut(provider: string, options?: SignOutOptions): Promise<void>;
  /** The provider's signed-in accounts, the current one marked. */
  accounts(provider: string): Promise<AccountSummary[]>;
  /** `fetch` with the provider's access token, only to the provider's `resourceOrigins`. */
  fetch(provider: string, input: RequestInfo | URL, init?: LatchkeyRequestInit): Promise<Response>;
  userinfo(provider: string, options?: AccountOption): Promise<Record<string, unknown>>;
  on<E extends LatchkeyEventName>(
    event: E,
    listener: (detail: LatchkeyEvents[E]) => void,
  ): () => void;
  /** Call once on load: completes a redirect or popup sign-in when this URL is a callback. */
  handleRedirectCallback(): Promise<RedirectCallbackResult | undefined>;
  /** Stops listening to other tabs and the extension. */
  close(): void;
}
