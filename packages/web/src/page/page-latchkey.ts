import {
  LatchkeyError,
  accessTokenHeader,
  createCodeFlowClient,
  openIdbStorage,
} from '@latchkey/core';
import type {
  BeginAuthorizationOptions,
  CodeFlowClient,
  CreateClientOptions,
  DpopSupport,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';
import { createEmitter } from '../common/emitter.js';
import { INTERACTION_CODES } from '../common/interaction.js';
import { compact, createTokenCache } from '../common/token-cache.js';
import { toRequest } from '../common/to-request.js';
import type {
  AccountOption,
  AccountSummary,
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyRequestInit,
  LatchkeyEvents,
  RedirectCallbackResult,
  SignInOptions,
  SignOutOptions,
} from '../types.js';
import { authorizationParams } from '../common/auth-params.js';
import { authorizedFetch, toFetchError } from './authorized-fetch.js';
import { cleanCallbackUrl, isCallbackUrl, redirectUriOf, sameOriginPath } from './callback-url.js';
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
  readonly #waiters = new Map<string, Set<(withdraw: boolean) => void>>();
  /** Reads of a session in flight, shared by the calls asking the same ({@link #read}). */
  readonly #reads = new Map<string, Promise<PageTokenInfo>>();
  readonly #timeout: number;
  readonly #signInTimeout: number;
  readonly #redirectUri: string | undefined;

  /** `dpop`: core's DPoP support, which only the `@latchkey/web/dpop` entry brings. */
  constructor(options: CreateLatchkeyOptions, dpop?: DpopSupport) {
    const clientOptions: CreateClientOptions = {
      providers: options.providers,
      onTokenRefreshed: (info, { current, lifetime }) => this.#stored(info, current, lifetime),
    };
    if (dpop) clientOptions.dpop = dpop;
    const storage = (clientOptions.storage = options.storage ?? openIdbStorage());
    if (options.fetch) clientOptions.fetch = options.fetch;
    if (options.timeout !== undefined) clientOptions.timeout = options.timeout;
    this.#client = createCodeFlowClient(clientOptions);
    // The config is valid: the database is opened now, not by this tab's first refresh under the
    // lock other tabs wait on.
    const first = this.#client.providers[0]?.id;
    if (first !== undefined) storage.getCurrentAccount(first).catch(() => undefined);
    this.#timeout = options.timeout ?? 30_000;
    this.#signInTimeout = options.signInTimeout ?? 600_000;
    this.#redirectUri = options.redirectUri;
    this.#channel = new TabChannel((message) => {
      this.#drop(message.provider);
      if (message.token) {
        this.#cache.set(message.token, message.lifetime);
        this.#wake(message.provider, true);
      }
      this.#emitter.emit(
        message.type,
        message.provider,
        message.account ?? message.token?.account?.sub,
      );
    });
  }

  /**
   * This tab has `info` from a sign-in, or from a refresh that still holds the refresh lock (its
   * write under way): the other tabs get the token now, so that the ones waiting for this refresh
   * resolve from the message instead of queueing for the lock to re-read IndexedDB; so do this
   * tab's own callers. Only the current account's token goes with the news (the cache holds that
   * one alone); a refresh of another account is news without a token, and drops a cached copy of
   * `info` (core says so again when the account stopped being current during the refresh).
   * `lifetime` (a refresh's): the token's lifetime when issued, which bounds the cache's margin.
   */
  #stored(info: PageTokenInfo, current = true, lifetime?: number): void {
    if (!current) {
      if (this.#cache.get(info.provider, undefined, 0)?.accessToken === info.accessToken)
        this.#drop(info.provider);
      this.#changed('tokenChanged', info.provider, undefined, info.account?.sub ?? '');
      return;
    }
    this.#drop(info.provider);
    this.#cache.set(info, lifetime);
    this.#changed('tokenChanged', info.provider, info, undefined, lifetime);
    // This tab's own refresh, still running under the lock: nothing of it to withdraw.
    this.#wake(info.provider, false);
  }

  /**
   * Lets the calls waiting for `provider`'s token take it from the cache, if it suits them;
   * `withdraw`: and withdraw their wait for the refresh lock (another tab's refresh answered them).
   */
  #wake(provider: string, withdraw: boolean): void {
    for (const wake of [...(this.#waiters.get(provider) ?? [])]) wake(withdraw);
  }

  /**
   * `call` (core's read of the token, which may wait for another tab's refresh under the refresh
   * lock), or, if sooner, a token for `options` broadcast by another tab. Not a poll: woken only
   * by a message. Answered by a message, `call` is abandoned with `stop`: its wait for the lock is
   * withdrawn, so that this tab does not queue on to read storage for a token it already has.
   */
  #orBroadcast(
    provider: string,
    options: GetTokenOptions,
    call: Promise<PageTokenInfo>,
    stop: AbortController,
  ): Promise<PageTokenInfo> {
    return new Promise((resolve, reject) => {
      let waiters = this.#waiters.get(provider);
      if (!waiters) this.#waiters.set(provider, (waiters = new Set()));
      const set = waiters;
      const wake = (withdraw: boolean): void => {
        const token = this.#cached(provider, options);
        if (token) {
          set.delete(wake);
          resolve(token);
          // At once, not in a timer: a hidden tab's timers wait, and the lock may come meanwhile.
          if (withdraw) stop.abort();
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
  async #session<T>(provider: string, call: Promise<T>, account?: string): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if ((err as LatchkeyError).error === 'invalid_grant') {
        this.#drop(provider);
        this.#changed('signedOut', provider, undefined, account);
      }
      throw err;
    }
  }

  #drop(provider: string): void {
    this.#cache.drop(provider);
    this.#epochs.set(provider, (this.#epochs.get(provider) ?? 0) + 1);
  }

  /** Tells this tab's listeners and every other tab. */
  #changed(
    type: LatchkeyEventName,
    provider: string,
    token?: PageTokenInfo,
    account: string | undefined = token?.account?.sub,
    lifetime?: number,
  ): void {
    this.#channel.post(type, provider, token, account, lifetime);
    this.#emitter.emit(type, provider, account);
  }

  #config(provider: string): ProviderConfig {
    const config = this.#client.providers.find((p) => p.id === provider);
    if (!config) throw new LatchkeyError('provider_unknown', `No provider "${provider}"`);
    return config;
  }

  #redirectUriOf(config: ProviderConfig): string {
    return redirectUriOf(config, this.#redirectUri);
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
    const cached = this.#cache.get(provider, options.scopes, options.minValidity);
    // The cache holds the current account's token: it answers for another account only when it is that one.
    return options.account === undefined || (cached?.account?.sub ?? '') === options.account
      ? cached
      : undefined;
  }

  /**
   * One read of `provider`'s session (the token and what is known about it belong together) for
   * every call of this tab asking the same thing since the last change: twenty concurrent calls
   * make one IndexedDB read and queue once for the refresh lock, not twenty times.
   */
  #read(provider: string, options: GetTokenOptions, epoch: number): Promise<PageTokenInfo> {
    const ask = compact({
      scopes: options.scopes,
      minValidity: options.minValidity,
      resource: options.resource,
      maxAge: options.maxAge,
      acrValues: options.acrValues,
      account: options.account,
    });
    const key = JSON.stringify([provider, epoch, ask]);
    let read = this.#reads.get(key);
    if (!read) {
      const stop = new AbortController();
      read = this.#orBroadcast(
        provider,
        options,
        this.#session(
          provider,
          this.#client.getToken(provider, { ...ask, signal: stop.signal }),
          options.account,
        ),
        stop,
      );
      this.#reads.set(key, read);
      const forget = () => this.#reads.delete(key);
      read.then(forget, forget);
    }
    return read;
  }

  async getTokenInfo(provider: string, options: GetTokenOptions = {}): Promise<PageTokenInfo> {
    const cached = this.#cached(provider, options);
    if (cached) return cached;
    const epoch = this.#epochs.get(provider) ?? 0;
    try {
      const info = await this.#read(provider, options, epoch);
      // Cached only as the current account's session token.
      const current = options.account === undefined && options.resource === undefined;
      if ((this.#epochs.get(provider) ?? 0) === epoch && current) this.#cache.set(info);
      return info;
    } catch (err) {
      if (!(err instanceof LatchkeyError) || !INTERACTION_CODES.includes(err.code)) throw err;
      const retry: SignInOptions = { ...authorizationParams(options) };
      if (options.scopes) retry.scopes = options.scopes;
      if (!options.interactive) {
        if (this.#config(provider).silentReauth !== true) throw err;
        // A refused refresh token deleted the session; an expired one without a refresh token is still stored.
        const hadSession =
          err.error === 'invalid_grant' ||
          (err.code === 'login_required' &&
            !!(await this.#client.getTokenInfo(provider, compact({ account: options.account }))));
        return this.#silentReauth(provider, retry, err, hadSession, options.account);
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
    account: string | undefined,
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
      ...(account !== undefined && { account }),
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

  /** `popup`: the sign-in popup when page mode's entry opened it already, in the click. */
  signIn(
    provider: string,
    options: SignInOptions = {},
    // Synchronously, before any await: the click's user activation allows the popup now.
    popup: Window | null = options.redirect ? null : openPopup(),
  ): Promise<PageTokenInfo> {
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
    this.#stored(info);
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
  /** `popup`: the logout popup when page mode's entry opened it already, in the click. */
  signOut(
    provider: string,
    options: SignOutOptions = {},
    // Synchronously, before any await: the click's user activation allows the popup now.
    popup: Window | null = options.endSession && !options.redirect ? openPopup() : null,
  ): Promise<void> {
    return this.#signOut(provider, options, popup).finally(() => {
      if (popup && !popup.closed) popup.close();
    });
  }

  async #signOut(provider: string, options: SignOutOptions, popup: Window | null): Promise<void> {
    const config = this.#config(provider);
    const postLogoutRedirectUri = this.#redirectUriOf(config);
    this.#drop(provider);
    // The account the event names: the one asked for, or the current one (none for allAccounts).
    const account = options.allAccounts
      ? undefined
      : (options.account ??
        (await this.#client.getTokenInfo(provider).catch(() => undefined))?.account?.sub);
    let result;
    try {
      result = await this.#client.signOut(
        provider,
        compact({
          account: options.account,
          allAccounts: options.allAccounts,
          endSession: options.endSession,
          postLogoutRedirectUri: options.endSession ? postLogoutRedirectUri : undefined,
        }),
      );
    } finally {
      this.#drop(provider);
      this.#changed('signedOut', provider, undefined, account);
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
  async fetch(
    provider: string,
    input: RequestInfo | URL,
    init?: LatchkeyRequestInit,
  ): Promise<Response> {
    const config = this.#config(provider);
    const { account, ...requestInit } = init ?? {};
    const request = toRequest(input, requestInit);
    assertResourceOrigin(config, request.url);
    const ofAccount = compact({ account });
    try {
      return await authorizedFetch(request, {
        token: () => this.getToken(provider, ofAccount),
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
                { accessToken: token, ...ofAccount },
              ),
              account,
            ),
        }),
        refresh: async (stale) => {
          this.#drop(provider);
          const current = await this.#client.getTokenInfo(provider, ofAccount);
          // Another tab may have refreshed already: only refresh when the store still holds the refused token.
          const info =
            current && current.accessToken !== stale
              ? current
              : await this.#session(provider, this.#client.refresh(provider, ofAccount), account);
          if (account === undefined) this.#cache.set(info);
          return info.accessToken;
        },
      });
    } catch (cause) {
      throw toFetchError(cause, request.url);
    }
  }

  async accounts(provider: string): Promise<AccountSummary[]> {
    this.#config(provider);
    return (await this.#client.listAccounts(provider)).map((a) => {
      const summary: AccountSummary = {
        provider: a.provider,
        account: a.account,
        current: a.current,
      };
      if (a.name !== undefined) summary.name = a.name;
      if (a.email !== undefined) summary.email = a.email;
      return summary;
    });
  }

  userinfo(provider: string, options: AccountOption = {}): Promise<Record<string, unknown>> {
    return this.#session(
      provider,
      this.#client.userinfo(provider, compact({ account: options.account })),
      options.account,
    );
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
