import type { DpopSupport } from './context.js';
import type { LatchkeyEvent, ResourceRequest } from './shared-types.js';
import type { SignOutOptions, SignOutResult } from './revocation/sign-out.js';
import type { LatchkeyStorage } from './storage/types.js';
import type { AccountSummary, ProviderConfig, TokenInfo } from './types.js';

export type { LatchkeyEvent } from './shared-types.js';
export type { SignOutOptions, SignOutResult } from './revocation/sign-out.js';

export interface CreateClientOptions {
  providers: ProviderConfig[];
  /** Where transactions and tokens live. Default: IndexedDB database `latchkey` through `idb`. */
  storage?: LatchkeyStorage;
  /** The `fetch` used for every request (default: `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 30 000). Every wait has one. */
  timeout?: number;
  /** Called for each protocol event, tokens masked; the extension feeds its inspector log with it. */
  onEvent?: (event: LatchkeyEvent) => void;
  /**
   * Called with the session's new tokens the moment a refresh's answer has passed every check,
   * while this client still holds the provider's refresh lock and writes them: before any other
   * tab or worker waiting on that lock can read storage. `@latchkey/web` broadcasts them to its
   * other tabs from here, so that they need not wait for the lock nor for the write. Not called for
   * tokens narrowed to fewer scopes or other resources. Runs synchronously inside the refresh; what
   * it throws is ignored. `current` says whether the session is the provider's current account's
   * (the one calls without `account` get); when that changed during the refresh (another tab
   * signed in another account, or signed the current one out), it is called again once the write
   * is done, with `current` corrected. `lifetime` is the access token's lifetime when issued
   * (`expires_in`, milliseconds), if known: the refresh margin is at most half of it.
   */
  onTokenRefreshed?: (info: TokenInfo, session: { current: boolean; lifetime?: number }) => void;
  /**
   * RFC 9449 DPoP and protected resource requests for `createCodeFlowClient`, which leaves them out
   * of bundles unless given `dpopSupport` from `@latchkey/core/dpop`. `createClient` always has them.
   */
  dpop?: DpopSupport;
}

export interface BeginAuthorizationOptions {
  scopes?: string[];
  /** OIDC `prompt` (`login`, `consent`, `none`, `select_account`), space-separated. */
  prompt?: string;
  /** OIDC `login_hint`: the account to propose (an email, a user name). */
  loginHint?: string;
  /**
   * `audience` of the access token, for providers that take it in the authorization request
   * (Auth0 and the like). Not standard; prefer `resource` where the provider supports RFC 8707.
   */
  audience?: string;
  /**
   * RFC 8707 resource indicators: the absolute URIs (no fragment) of the APIs the token is for. With
   * one, the code exchange asks for a token bound to it and the session's token is that resource's;
   * with several, the grant covers them all and `getToken({ resource })` gets one per resource.
   */
  resource?: string | string[];
  /** OIDC `acr_values`: authentication context classes, most preferred first. */
  acrValues?: string | string[];
  /**
   * OIDC `max_age` in seconds: the user must have authenticated at most this long ago. The
   * id_token's `auth_time` is then required and checked.
   */
  maxAge?: number;
  /** OIDC `ui_locales`: BCP 47 language tags for the provider's pages, most preferred first. */
  uiLocales?: string | string[];
  /** Overrides the provider's `redirectUri` for this flow (exact match is required at the server). */
  redirectUri?: string;
  extraParams?: Record<string, string>;
  /** Free data kept with the transaction and returned by `completeAuthorization` (e.g. a return path). */
  appState?: string;
}

/** Which session of a provider a call is about. */
export interface AccountOption {
  /**
   * The account (the id_token's `sub`) whose session to use. Default: the provider's current
   * account, the one signed in last or chosen with `selectAccount`. One without a session:
   * `no_session`.
   */
  account?: string;
}

export interface GetAccessTokenOptions extends AccountOption {
  /** Scopes the token must carry; a stored token without them is treated as no session. */
  scopes?: string[];
  /**
   * Seconds the token must still be valid for; refresh ahead otherwise. Default 30. Never more than
   * half the token's lifetime (`expires_in`): a short-lived token is not refreshed on every call, and
   * a large value asks for one refresh per token.
   */
  minValidity?: number;
  /**
   * RFC 8707 resource indicators the token must be for. The session's own token is used only when
   * it was asked for exactly these resources; otherwise a token for them comes from a refresh with
   * `resource` (§2.2) and is kept per resource: a token for one resource is never handed out for
   * another. Without it, the session's own token (whatever it was asked for).
   */
  resource?: string | string[];
  /**
   * Seconds since the user last authenticated (the id_token's `auth_time`) beyond which the session
   * does not do: `login_required` (sign in again with `maxAge`). A session without `auth_time`
   * does not do either.
   */
  maxAge?: number;
  /**
   * Authentication context classes the session must have been signed in with (the id_token's
   * `acr`); another or none is `login_required` (sign in again with `acrValues`).
   */
  acrValues?: string | string[];
  /**
   * Abandons the call while it waits for the refresh lock, i.e. for another tab's or worker's
   * refresh of the session (it rejects with `aborted`): `@latchkey/web` stops waiting so once
   * another tab has broadcast the new token. A refresh under way is never abandoned.
   */
  signal?: AbortSignal;
}

export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Resolves when the user has approved; rejects with `access_denied`, `expired_token`, `aborted`. */
  done: Promise<TokenInfo>;
  abort(): void;
}

/**
 * What a page needs: the authorization code flow, tokens, sign-out, userinfo.
 * {@link createCodeFlowClient} builds it without bundling what only {@link LatchkeyClient} adds.
 */
export interface CodeFlowClient {
  beginAuthorization(
    providerId: string,
    options?: BeginAuthorizationOptions,
  ): Promise<{ url: string; state: string }>;
  /**
   * {@link beginAuthorization} with OIDC `prompt=none` and the session's id_token (if any) as
   * `id_token_hint`: the provider answers at once, without any page, with a code while its session
   * lives, else with `login_required`, `consent_required`, `interaction_required` or
   * `account_selection_required` (the codes `completeAuthorization` then rejects with). Open the URL
   * where no page shows (a hidden frame, `launchWebAuthFlow({ interactive: false })`). Only for a
   * provider with `silentReauth: true`; otherwise `unsupported`.
   * @see OpenID Connect Core 1.0 §3.1.2.1 (prompt=none), §3.1.2.6 (its errors)
   */
  beginSilentAuthorization(
    providerId: string,
    options?: Omit<BeginAuthorizationOptions, 'prompt'> & AccountOption,
  ): Promise<{ url: string; state: string }>;
  completeAuthorization(callbackUrl: string | URL): Promise<TokenInfo & { appState?: string }>;
  getAccessToken(providerId: string, options?: GetAccessTokenOptions): Promise<string>;
  /**
   * {@link getAccessToken} with what is known about the token, from one read of the session: the
   * token is valid for `minValidity` more seconds (refreshed if need be).
   */
  getToken(providerId: string, options?: GetAccessTokenOptions): Promise<TokenInfo>;
  /** The session's token as it is stored (not refreshed); undefined when the account has no session. */
  getTokenInfo(providerId: string, options?: AccountOption): Promise<TokenInfo | undefined>;
  refresh(providerId: string, options?: AccountOption): Promise<TokenInfo>;
  /**
   * Revokes the session's tokens (RFC 7009) and forgets them, whatever the server says: the current
   * account's, or `account`'s, or with `allAccounts` every account's of the provider; other
   * accounts' sessions stay. Signing out an account without a session does nothing. With
   * `endSession`, also gives the provider's end-session URL (OpenID Connect RP-Initiated Logout
   * 1.0) for the app to open: the provider's own session ends there. Resolves to undefined
   * without `endSession` (as it always has), to a {@link SignOutResult} with it.
   */
  signOut(providerId: string, options?: SignOutOptions): Promise<SignOutResult | undefined>;
  /** OpenID Connect userinfo, with the session's access token. */
  userinfo(providerId: string, options?: AccountOption): Promise<Record<string, unknown>>;
  /**
   * Sends `request` to one of the provider's `resourceOrigins` with the session's access token
   * (refreshed when due): `Authorization: Bearer`, or `DPoP` with a proof for a `dpop` provider. A
   * 401 comes back as the response. `accessToken` sends another token of this session instead (one
   * from `getScopedToken`). A code-flow client needs `dpop` support for it.
   */
  resourceRequest(
    providerId: string,
    request: ResourceRequest,
    options?: { accessToken?: string } & AccountOption,
  ): Promise<Response>;
  /**
   * The accounts with a session, of `providerId` or of every provider, each saying whether it is
   * its provider's current account. Sessions of an earlier definition of a provider are left out
   * (and dropped, as every read does).
   */
  listAccounts(providerId?: string): Promise<AccountSummary[]>;
  /**
   * Makes `account` (a `sub` from {@link listAccounts}) the provider's current account: calls
   * without `account` then use its session. One without a session: `no_session`.
   */
  selectAccount(providerId: string, account: string): Promise<void>;
  /** The validated provider configurations this client was created with. */
  readonly providers: readonly ProviderConfig[];
}

/** @see packages/core/README.md */
export interface LatchkeyClient extends CodeFlowClient {
  /**
   * An access token limited to `scopes`, which must be scopes of the session: the session's own
   * token when it carries no more than these, else a narrower one from a refresh with `scope`
   * (RFC 6749 §6), kept until it expires. For handing a token to a party allowed fewer scopes than
   * the user signed in with (the extension's sites).
   */
  getScopedToken(
    providerId: string,
    scopes: readonly string[],
    options?: { minValidity?: number } & AccountOption,
  ): Promise<TokenInfo>;
  /** OpenID Connect userinfo; with `scopes`, asked with a token limited to them ({@link getScopedToken}). */
  userinfo(
    providerId: string,
    options?: { scopes?: readonly string[] } & AccountOption,
  ): Promise<Record<string, unknown>>;
  startDeviceAuthorization(
    providerId: string,
    options?: { scopes?: string[] },
  ): Promise<DeviceAuthorization>;
  /**
   * Revokes tokens of this provider that are no session any more (a replaced or refused session's
   * refresh and access token), best effort (RFC 7009 §2.1): never throws for the server's answer,
   * never touches the stored session. `revoked` says whether the server accepted every one.
   */
  revokeTokens(
    providerId: string,
    tokens: { refreshToken?: string | undefined; accessToken?: string | undefined },
  ): Promise<{ revoked: boolean }>;
}
