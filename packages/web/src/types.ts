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

export interface GetTokenOptions {
  /** Scopes the token must carry. */
  scopes?: string[];
  /** Seconds the token must still be valid for (default 30). */
  minValidity?: number;
  /** With no session, start a sign-in (popup in page mode) instead of rejecting with `login_required`. */
  interactive?: boolean;
}

export interface SignInOptions {
  scopes?: string[];
  /** OIDC `prompt`. */
  prompt?: string;
  loginHint?: string;
  /** Page mode: leave this page for the authorization server instead of opening a popup. */
  redirect?: boolean;
  /** Page mode, redirect flow: a same-origin path to return to after sign-in (anything else is ignored). */
  returnTo?: string;
  /** Page mode: when the popup is blocked, reject with `popup_blocked` (default) or fall back to the redirect flow. */
  onPopupBlocked?: 'error' | 'redirect';
}

/** What `handleRedirectCallback()` found in the URL. */
export type RedirectCallbackResult =
  /** This page is the sign-in popup; it handed the result to its opener and is closing. */
  | { kind: 'popup' }
  /** A full-page redirect sign-in completed; `returnTo` is same-origin, when one was given. */
  | { kind: 'redirect'; token: PageTokenInfo; returnTo?: string };

export interface LatchkeyEvents {
  /** A provider's token changed (sign-in or refresh, in this tab, another tab or the extension). */
  tokenChanged: { provider: string };
  /** A provider was signed out (here, in another tab, or in the extension). */
  signedOut: { provider: string };
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
  signOut(provider: string): Promise<void>;
  /** `fetch` with the provider's access token, only to the provider's `resourceOrigins`. */
  fetch(provider: string, input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  userinfo(provider: string): Promise<Record<string, unknown>>;
  on<E extends LatchkeyEventName>(
    event: E,
    listener: (detail: LatchkeyEvents[E]) => void,
  ): () => void;
  /** Call once on load: completes a redirect or popup sign-in when this URL is a callback. */
  handleRedirectCallback(): Promise<RedirectCallbackResult | undefined>;
  /** Stops listening to other tabs and the extension. */
  close(): void;
}
