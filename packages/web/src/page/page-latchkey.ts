import { LatchkeyError, accessTokenHeader, createCodeFlowClient } from '@latchkey/core';
import type {
  BeginAuthorizationOptions,
  CodeFlowClient,
  CreateClientOptions,
  DpopSupport,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';
import { createEmitter } from '../shared/emitter.js';
import { INTERACTION_CODES } from '../shared/interaction.js';
import { compact, createTokenCache } from '../shared/token-cache.js';
import { toRequest } from '../shared/to-request.js';
import type {
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
  RedirectCallbackResult,
  SignInOptions,
} from '../types.js';
import { authorizedFetch, toFetchError } from './authorized-fetch.js';
import { cleanCallbackUrl, isCallbackUrl, sameOriginPath } from './callback-url.js';
import { decodeFlowState, encodeFlowState } from './flow-state.js';
import { leavePage } from './leave-page.js';
import { openPopup, postCallbackToOpener, waitForPopupCallback } from './popup-flow.js';
import { assertResourceOrigin } from './resource-origin.js';
import { TabChannel } from './tab-channel.js';

/** How long a redirect sign-in waits for the page to leave before it rejects with `timeout`. */
const REDIRECT_LEAVE_TIMEOUT_MS = 30_000;

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
  /** Reads of a session in flight, shared by the calls asking the same ({@link #read}). */
  readonly #reads = new Map<string, Promise<PageTokenInfo>>();
  readonly #timeout: number;
  readonly #signInTimeout: number;
  readonly #redirectUri: string | undefined;

  /** `dpop`: core's DPoP support, which only the `@latchkey/web/dpop` entry brings. */
  constructor(options: CreateLatchkeyOptions, dpop?: DpopSupport) {
    const clientOptions: CreateClientOptions = {
      providers: options.providers,
      onTokenRefreshed: (info) => this.#stored(info),
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
        this.#wake(message.provider);
      }
      this.#emitter.emit(message.type, message.provider);
    });
  }

  /**
   * This tab has just stored `info` (a sign-in, or a refresh that still holds the refresh lock):
   * the other tabs get the token now, so that the ones waiting for this refresh resolve from the
   * message instead of queueing for the lock to re-read IndexedDB; so do this tab's own callers.
   */
  #stored(info: PageTokenInfo): void {
    this.#drop(info.provider);
    this.#cache.set(info);
    this.#changed('tokenChanged', info.provider, info);
    this.#wake(info.provider);
  }

  /** Lets the calls waiting for `provider`'s token take it from the cache, if it suits them. */
  #wake(provider: string): void {
    for (const wake of [...(this.#waiters.get(provider) ?? [])]) wake();
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
        const token = this.#cache.get(provider, options.scopes, options.minValidity);
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
    const cached = this.#cache.get(provider, options?.scopes, options?.minValidity);
    return cached ? cached.accessToken : (await this.getTokenInfo(provider, options)).accessToken;
  }

  /**
   * One read of `provider`'s session (the token and what is known about it belong together) for
   * every call of this tab asking the same thing since the last change: twenty concurrent calls
   * make one IndexedDB read and queue once for the refresh lock, not twenty times.
   */
  #read(provider: string, options: GetTokenOptions, epoch: number): Promise<PageTokenInfo> {
    const ask = compact({ scopes: options.scopes, minValidity: options.minValidity });
    const key = JSON.stringify([provider, epoch, ask]);
    let read = this.#reads.get(key);
    if (!read) {
      read = this.#orBroadcast(
        provider,
        options,
        this.#session(provider, this.#client.getToken(provider, ask)),
      );
      this.#reads.set(key, read);
      const forget = () => this.#reads.delete(key);
      read.then(forget, forget);
    }
    return read;
  }

  async getTokenInfo(provider: string, options: GetTokenOptions = {}): Promise<PageTokenInfo> {
    const cached = this.#cache.get(provider, options.scopes, options.minValidity);
    if (cached) return cached;
    const epoch = this.#epochs.get(provider) ?? 0;
    try {
      const info = await this.#read(provider, options, epoch);
      if ((this.#epochs.get(provider) ?? 0) === epoch) this.#cache.set(info);
      return info;
    } catch (err) {
      if (
        !options.interactive ||
        !(err instanceof LatchkeyError) ||
        !INTERACTION_CODES.includes(err.code)
      )
        throw err;
      return this.signIn(provider, compact({ scopes: options.scopes }));
    }
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
    const auth: BeginAuthorizationOptions = { redirectUri: this.#redirectUriOf(config), appState };
    if (options.scopes) auth.scopes = options.scopes;
    if (options.prompt) auth.prompt = options.prompt;
    if (options.loginHint) auth.loginHint = options.loginHint;
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
    if (!isCallbackUrl(href, redirectUris)) return undefined;
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

  async signOut(provider: string): Promise<void> {
    this.#drop(provider);
    await this.#client.signOut(provider);
    this.#drop(provider);
    this.#changed('signedOut', provider);
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
          return info.accessToken;
        },
      });
    } catch (cause) {
      throw toFetchError(cause, request.url);
    }
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
