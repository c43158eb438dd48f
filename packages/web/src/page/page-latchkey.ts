import { LatchkeyError, accessTokenHeader, createCodeFlowClient } from '@latchkey/core';
import type {
  BeginAuthorizationOptions,
  CodeFlowClient,
  CreateClientOptions,
  DpopSupport,
  LatchkeyEvent,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';
import { createEmitter } from '../shared/emitter.js';
import { INTERACTION_CODES } from '../shared/interaction.js';
import { compact, createTokenCache } from '../shared/token-cache.js';
import { toRequest } from '../shared/to-request.js';
import type {
  AccountSummary,
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
  RedirectCallbackResult,
  SignInOptions,
  SignOutOptions,
} from '../types.js';
import { authorizationParams } from './auth-params.js';
import { authorizedFetch, toFetchError } from './authorized-fetch.js';
import { cleanCallbackUrl, isCallbackUrl, sameOriginPath } from './callback-url.js';
import { isEndSessionReturn, savePendingEndSession, takePendingEndSession } from './end-session.js';
import { decodeFlowState, encodeFlowState } from './flow-state.js';
import { leavePage } from './leave-page.js';
import { openPopup, postCallbackToOpener, waitForPopupCallback } from './popup-flow.js';
import { assertResourceOrigin } from './resource-origin.js';
import { isSameSite, postCallbackToParent, runSilentFrame } from './silent-frame.js';
import { TabChannel } from './tab-channel.js';

/** How long a redirect sign-in waits for the page to leave before it rejects with `timeout`. */
const REDIRECT_LEAVE_TIMEOUT_MS = 30_000;
/** How long a silent re-authentication's hidden frame may take (at most the call's own timeout). */
const SILENT_TIMEOUT_MS = 10_000;

/**
 * `@latchkey/web` in page mode: core runs in this page, tokens live in this origin's IndexedDB, one
 * refresh at a time across tabs (core's Web Lock), and every tab hears of changes (BroadcastChannel).
 */
export class PageLatchkey implements Latchkey {
  readonly mode = 'page' as const;
  readonly #client: CodeFlowClient;
  readonly #cache = createTokenCache();
  readonly #emitter = createEmitter();
  readonly #channel: TabChannel;
  /** Bumped on every drop, so that a read started before a change never re-caches a stale token. */
  readonly #epochs = new Map<string, number>();
  /** Calls waiting on core for a provider's token, woken when another tab broadcasts a new one. */
  readonly #waiters = new Map<string, Set<() => void>>();
  /** Providers refreshed in this tab whose new token is not yet broadcast. */
  readonly #unsent = new Set<string>();
  readonly #timeout: number;
  readonly #signInTimeout: number;
  readonly #redirectUri: string | undefined;

  /** `dpop`: core's DPoP support, which only the `@latchkey/web/dpop` entry brings. */
  constructor(options: CreateLatchkeyOptions, dpop?: DpopSupport) {
    const clientOptions: CreateClientOptions = {
      providers: options.providers,
      onEvent: (event) => this.#onCoreEvent(event),
    };
    if (dpop) clientOptions.dpop = dpop;
    if (options.storage) clientOptions.storage = options.storage;
    if (options.fetch) clientOptions.fetch = options.fetch;
    if (options.timeout !== undefined) clientOptions.timeout = options.timeout;
    this.#client = createCodeFlowClient(clientOptions);
    this.#timeout = options.timeout ?? 30_000;
    this.#signInTimeout = options.signInTimeout ?? 600_000;
    this.#redirectUri = options.redirectUri;
    this.#channel = new TabChannel((message) => {
      this.#drop(message.provider);
      if (message.token) {
        this.#cache.set(message.token);
        for (const wake of [...(this.#waiters.get(message.provider) ?? [])]) wake();
      }
      this.#emitter.emit(message.type, message.provider);
    });
  }

  #onCoreEvent(event: LatchkeyEvent): void {
    if (event.type !== 'token_refreshed') return;
    const provider = event.provider;
    this.#drop(provider);
    this.#emitter.emit('tokenChanged', provider);
    // Other tabs get the new token with the news, so that the ones waiting for this refresh need
    // not queue for the lock to read it themselves: from the call that refreshed (#sent), or else
    // from one read of what core has just written.
    this.#unsent.add(provider);
    void this.#client.getTokenInfo(provider).then(
      (info) => this.#sent(provider, info),
      () => this.#sent(provider),
    );
  }

  /** Broadcasts `provider`'s refreshed token, once per refresh. */
  #sent(provider: string, info?: PageTokenInfo): void {
    if (this.#unsent.delete(provider)) this.#channel.post('tokenChanged', provider, info);
  }

  /**
   * `call` (core's read of the token, which may wait for another tab's refresh under the refresh
   * lock), or, if sooner, a token for `options` broadcast by another tab. Not a poll: woken only
   * by a message.
   */
  #orBroadcast(
    provider: string,
    options: GetTokenOptions,
    call: Promise<PageTokenInfo>,
  ): Promise<PageTokenInfo> {
    return new Promise((resolve, reject) => {
      let waiters = this.#waiters.get(provider);
      if (!waiters) this.#waiters.set(provider, (waiters = new Set()));
      const set = waiters;
      const wake = (): void => {
        const token = this.#cached(provider, options);
        if (token) {
          set.delete(wake);
          resolve(token);
        }
      };
      set.add(wake);
      call.then(resolve, reject).finally(() => set.delete(wake));
    });
  }

  /**
   * `call`'s result; when it failed because the session ended — core refused a dead refresh token
   * (`invalid_grant`), deleted the session and rejects with `login_required` — this tab and every
   * other one hear `signedOut` first.
   * @see RFC 6749 §5.2 (`invalid_grant`)
   */
  async #session<T>(provider: string, call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if ((err as LatchkeyError).error === 'invalid_grant') {
        this.#drop(provider);
        this.#changed('signedOut', provider);
      }
      throw err;
    }
  }

  #drop(provider: string): void {
    this.#cache.drop(provider);
    this.#epochs.set(provider, (this.#epochs.get(provider) ?? 0) + 1);
  }

  /** Tells this tab's listeners and every other tab. */
  #changed(type: LatchkeyEventName, provider: string, token?: PageTokenInfo): void {
    this.#channel.post(type, provider, token);
    this.#emitter.emit(type, provider);
  }

  #config(provider: string): ProviderConfig {
    const config = this.#client.providers.find((p) => p.id === provider);
    if (!config) throw new LatchkeyError('provider_unknown', `No provider "${provider}"`);
    return config;
  }

  #redirectUriOf(config: ProviderConfig): string {
    return this.#redirectUri ?? config.redirectUri ?? `${location.origin}/`;
  }

  async providers(): Promise<ProviderSummary[]> {
    return Promise.all(
      this.#client.providers.map(async (config) => {
        const info = await this.#client.getTokenInfo(config.id);
        const summary: ProviderSummary = {
          id: config.id,
          scopes: config.scopes ?? [],
          granted: true,
          signedIn: !!info,
        };
        if (config.name !== undefined) summary.name = config.name;
        if (info?.account) summary.account = info.account;
        return summary;
      }),
    );
  }

  async getToken(provider: string, options?: GetTokenOptions): Promise<string> {
    return (await this.getTokenInfo(provider, options)).accessToken;
  }

  /**
   * The memory cache holds each provider's session token: it answers only calls that core would
   * answer with that token (no resource, no authentication age or class to check).
   */
  #cached(provider: string, options: GetTokenOptions): PageTokenInfo | undefined {
    if (
      options.resource !== undefined ||
      options.maxAge !== undefined ||
      options.acrValues !== undefined
    )
      return undefined;
    return this.#cache.get(provider, options.scopes, options.minValidity);
  }

  async getTokenInfo(provider: string, options: GetTokenOptions = {}): Promise<PageTokenInfo> {
    const cached = this.#cached(provider, options);
    if (cached) return cached;
    const epoch = this.#epochs.get(provider) ?? 0;
    try {
      // One read of the session: the token and what is known about it belong together.
      const info = await this.#orBroadcast(
        provider,
        options,
        this.#session(
          provider,
          this.#client.getToken(
            provider,
            compact({
              scopes: options.scopes,
              minValidity: options.minValidity,
              resource: options.resource,
              maxAge: options.maxAge,
              acrValues: options.acrValues,
            }),
          ),
        ),
      );
      if ((this.#epochs.get(provider) ?? 0) === epoch && options.resource === undefined)
        this.#cache.set(info);
      this.#sent(provider, info);
      return info;
    } catch (err) {
      if (!(err instanceof LatchkeyError) || !INTERACTION_CODES.includes(err.code)) throw err;
      const retry: SignInOptions = { ...authorizationParams(options) };
      if (options.scopes) retry.scopes = options.scopes;
      if (!options.interactive) {
        // A refused refresh token deleted the session; an expired one without a refresh token is still stored.
        const hadSession =
          err.error === 'invalid_grant' ||
          (err.code === 'login_required' && !!(await this.#client.getTokenInfo(provider)));
        return this.#silentReauth(provider, retry, err, hadSession);
      }
      return this.signIn(provider, retry);
    }
  }

  /**
   * After `failure` (the session is missing, expired without a refresh token, or its refresh token
   * was refused): OIDC `prompt=none` in a hidden frame, for a provider with `silentReauth: true`
   * whose authorization endpoint is same-site with this page (only then is its session cookie sent
   * to the frame). Anywhere else `failure` is rethrown at once, without any request. Never after a
   * sign-out: only when this tab's call found a session to renew.
   * @see OpenID Connect Core 1.0 §3.1.2.1 (`prompt=none`), §3.1.2.6 (its errors)
   */
  async #silentReauth(
    provider: string,
    options: SignInOptions,
    failure: LatchkeyError,
    hadSession: boolean,
  ): Promise<PageTokenInfo> {
    const config = this.#config(provider);
    const endpoint = config.authorizationEndpoint ?? config.issuer;
    if (
      !hadSession ||
      config.silentReauth !== true ||
      !endpoint ||
      !isSameSite(endpoint, location.origin) ||
      !document.body
    )
      throw failure;
    const { prompt: _, ...params } = options;
    const { url, state } = await this.#client.beginSilentAuthorization(provider, {
      ...params,
      redirectUri: this.#redirectUriOf(config),
    });
    // Discovery may name another host than the config did.
    if (!isSameSite(url, location.origin)) throw failure;
    const callbackUrl = await runSilentFrame(
      url,
      state,
      Math.min(this.#timeout, SILENT_TIMEOUT_MS),
    );
    return (await this.#complete(callbackUrl)).info;
  }

  signIn(provider: string, options: SignInOptions = {}): Promise<PageTokenInfo> {
    // Synchronously, before any await: the click's user activation allows the popup now.
    const popup = options.redirect ? null : openPopup();
    if (!options.redirect && !popup && options.onPopupBlocked !== 'redirect') {
      return Promise.reject(
        new LatchkeyError(
          'popup_blocked',
          'Popup blocked: call signIn() in a click handler, or pass { redirect: true }',
        ),
      );
    }
    return popup
      ? this.#popupSignIn(popup, provider, options)
      : this.#redirectSignIn(provider, options);
  }

  #authOptions(
    config: ProviderConfig,
    options: SignInOptions,
    appState: string,
  ): BeginAuthorizationOptions {
    const auth: BeginAuthorizationOptions = {
      ...authorizationParams(options),
      redirectUri: this.#redirectUriOf(config),
      appState,
    };
    if (options.scopes) auth.scopes = options.scopes;
    return auth;
  }

  async #popupSignIn(
    popup: Window,
    provider: string,
    options: SignInOptions,
  ): Promise<PageTokenInfo> {
    try {
      const config = this.#config(provider);
      const { url, state } = await this.#client.beginAuthorization(
        provider,
        this.#authOptions(config, options, encodeFlowState({ flow: 'popup' })),
      );
      popup.location.href = url;
      const callbackUrl = await waitForPopupCallback(popup, state, this.#signInTimeout);
      return (await this.#complete(callbackUrl)).info;
    } finally {
      if (!popup.closed) popup.close();
    }
  }

  async #redirectSignIn(provider: string, options: SignInOptions): Promise<never> {
    const config = this.#config(provider);
    const flow: { flow: 'redirect'; returnTo?: string } = { flow: 'redirect' };
    const returnTo = sameOriginPath(options.returnTo, location.origin);
    if (returnTo !== undefined) flow.returnTo = returnTo;
    const { url } = await this.#client.beginAuthorization(
      provider,
      this.#authOptions(config, options, encodeFlowState(flow)),
    );
    const left = leavePage(Math.min(this.#signInTimeout, REDIRECT_LEAVE_TIMEOUT_MS));
    location.assign(url);
    return left;
  }

  async #complete(
    callbackUrl: string,
  ): Promise<{ info: PageTokenInfo; appState: string | undefined }> {
    const { appState, ...info } = await this.#client.completeAuthorization(callbackUrl);
    this.#drop(info.provider);
    this.#cache.set(info);
    this.#changed('tokenChanged', info.provider, info);
    return { info, appState };
  }

  async handleRedirectCallback(): Promise<RedirectCallbackResult | undefined> {
    const href = location.href;
    const redirectUris = this.#client.providers.map((config) => this.#redirectUriOf(config));
    if (isEndSessionReturn(href, redirectUris)) return this.#endSessionReturn(href);
    if (!isCallbackUrl(href, redirectUris)) return undefined;
    // The hidden frame of a silent re-authentication: its parent completes the flow and removes it.
    if (postCallbackToParent(href)) return { kind: 'frame' };
    // The code is single-use: take it out of the address bar and history before anything else.
    history.replaceState(history.state, '', cleanCallbackUrl(href));
    if (postCallbackToOpener(href)) {
      close();
      return { kind: 'popup' };
    }
    const { appState, info: token } = await this.#complete(href);
    const flow = decodeFlowState(appState, location.origin);
    if (flow?.flow === 'popup') {
      // A popup whose opener was severed (COOP): the tokens are stored and broadcast; nothing left here.
      close();
      return { kind: 'popup' };
    }
    return flow?.returnTo === undefined
      ? { kind: 'redirect', token }
      : { kind: 'redirect', token, returnTo: flow.returnTo };
  }

  /**
   * Revokes and forgets the session's tokens; with `endSession`, then ends the user's session at
   * the provider (RP-initiated logout) in a popup — opened at once, so call it in a click handler —
   * or, with `redirect`, by leaving this page. Revocation never depends on the logout: the tokens are
   * gone even when the popup is blocked (`popup_blocked`), closed, or the provider has no
   * end-session endpoint (then nothing is opened).
   * @see OpenID Connect RP-Initiated Logout 1.0 §2, §3
   */
  signOut(provider: string, options: SignOutOptions = {}): Promise<void> {
    // Synchronously, before any await: the click's user activation allows the popup now.
    const popup = options.endSession && !options.redirect ? openPopup() : null;
    return this.#signOut(provider, options, popup).finally(() => {
      if (popup && !popup.closed) popup.close();
    });
  }

  async #signOut(provider: string, options: SignOutOptions, popup: Window | null): Promise<void> {
    const config = this.#config(provider);
    const postLogoutRedirectUri = this.#redirectUriOf(config);
    this.#drop(provider);
    let result;
    try {
      result = await this.#client.signOut(
        provider,
        options.endSession ? { endSession: true, postLogoutRedirectUri } : {},
      );
    } finally {
      this.#drop(provider);
      this.#changed('signedOut', provider);
    }
    const url = result?.endSessionUrl;
    const state = result?.state;
    if (!url || !state) return;
    if (options.redirect) {
      const pending: { state: string; provider: string; returnTo?: string } = { state, provider };
      const returnTo = sameOriginPath(options.returnTo, location.origin);
      if (returnTo !== undefined) pending.returnTo = returnTo;
      savePendingEndSession(pending);
      const left = leavePage(Math.min(this.#signInTimeout, REDIRECT_LEAVE_TIMEOUT_MS));
      location.assign(url);
      return left;
    }
    if (!popup) {
      throw new LatchkeyError(
        'popup_blocked',
        'Signed out here, but the provider session lives on: the logout popup was blocked (call signOut() in a click handler, or pass { redirect: true })',
      );
    }
    popup.location.href = url;
    try {
      await waitForPopupCallback(popup, state, this.#signInTimeout);
    } catch (err) {
      // The tokens are gone: a closed logout window is no failure of the sign-out.
      if ((err as LatchkeyError).code !== 'user_cancelled') throw err;
    }
  }

  /** The provider's return after a logout: handed to the popup's opener, or a redirect sign-out's end. */
  #endSessionReturn(href: string): RedirectCallbackResult | undefined {
    if (postCallbackToOpener(href)) {
      history.replaceState(history.state, '', cleanCallbackUrl(href));
      close();
      return { kind: 'popup' };
    }
    const pending = takePendingEndSession(new URL(href).searchParams.get('state'));
    if (!pending) return undefined;
    history.replaceState(history.state, '', cleanCallbackUrl(href));
    return pending.returnTo === undefined
      ? { kind: 'signedOut', provider: pending.provider }
      : { kind: 'signedOut', provider: pending.provider, returnTo: pending.returnTo };
  }

  /**
   * Every failure is a {@link LatchkeyError}: `invalid_request` for what is not a request (a URL
   * with credentials, a bad method), `origin_not_allowed` off the provider's `resourceOrigins`,
   * `network_error` (retryable) when the request fails or is answered with a redirect.
   */
  async fetch(provider: string, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const config = this.#config(provider);
    const request = toRequest(input, init);
    assertResourceOrigin(config, request.url);
    try {
      return await authorizedFetch(request, {
        token: () => this.getToken(provider),
        header: (token) => accessTokenHeader(config, token),
        // A DPoP-bound token goes out with a proof of the session's key, which core signs.
        ...(config.dpop && {
          scheme: 'dpop',
          send: async (req: Request, token: string) =>
            this.#session(
              provider,
              this.#client.resourceRequest(
                provider,
                {
                  url: req.url,
                  method: req.method,
                  headers: req.headers,
                  body: req.body ? await req.arrayBuffer() : null,
                },
                { accessToken: token },
              ),
            ),
        }),
        refresh: async (stale) => {
          this.#drop(provider);
          const current = await this.#client.getTokenInfo(provider);
          // Another tab may have refreshed already: only refresh when the store still holds the refused token.
          const info =
            current && current.accessToken !== stale
              ? current
              : await this.#session(provider, this.#client.refresh(provider));
          this.#cache.set(info);
          this.#sent(provider, info);
          return info.accessToken;
        },
      });
    } catch (cause) {
      throw toFetchError(cause, request.url);
    }
  }

  accounts(_provider: string): Promise<AccountSummary[]> {
    return Promise.reject(new LatchkeyError('unsupported', 'Accounts are not listed yet'));
  }

  userinfo(provider: string): Promise<Record<string, unknown>> {
    return this.#session(provider, this.#client.userinfo(provider));
  }

  on<E extends LatchkeyEventName>(
    event: E,
    listener: (detail: LatchkeyEvents[E]) => void,
  ): () => void {
    return this.#emitter.on(event, listener);
  }

  close(): void {
    this.#channel.close();
  }
}
