import { LatchkeyError, openSessionReader, readCachedToken } from '@latchkey/core/base';
import type { DpopSupport, LatchkeyStorage, PageTokenInfo, SessionReader } from '@latchkey/core';
import type {
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
} from '../types.js';
import { isCallbackUrl, isEndSessionReturn, redirectUriOf } from './callback-match.js';
import { openPopup } from './open-popup.js';
import type { PageLatchkey } from './page-latchkey.js';

/** The `getToken` options a stored token can answer; any other (an account, `maxAge`, a resource…) takes the full path. */
const STORED_TOKEN_OPTIONS: readonly string[] = ['scopes', 'minValidity', 'interactive'];

/** A part of `@latchkey/web` that could not be downloaded: the next call tries again. */
export const loadFailed = (cause: unknown): LatchkeyError =>
  new LatchkeyError('network_error', 'Could not load part of Latchkey', { cause, retryable: true });

/**
 * Page mode as `createLatchkey` hands it out: a thin entry that answers `getToken` and
 * `getTokenInfo` from a valid stored token — core's `readCachedToken`, the same authority, scope,
 * expiry and current-account rules as core's full path, with no write and no request; without an
 * app-given storage it reads through core's read-only session reader, which never creates nor
 * upgrades the database (a missing or older one is left to the implementation's storage and its
 * migrations) — and loads the implementation
 * ({@link PageLatchkey}: sign-in, callback, refresh, DPoP, the config validator, oauth4webapi) with a
 * dynamic `import()` for anything else, once. After it has loaded, every call goes to it.
 *
 * The config is validated when the implementation loads, i.e. before the first request to any
 * server: every request (token, refresh, revocation, userinfo, discovery, `fetch`) is made by the
 * implementation. Until then a stored token is handed out only if it was stored under the config's
 * exact authority (issuer, endpoints, client id…), which only a config that passed validation can
 * have stored; a config refused by the validator (a `clientSecret`, an `http:` endpoint) rejects the
 * first call that needs the implementation with `config_invalid`.
 */
export class PageEntry implements Latchkey {
  readonly mode = 'page' as const;
  readonly #options: CreateLatchkeyOptions;
  /** Where a stored token is read before the implementation loads. */
  readonly #storage: Pick<LatchkeyStorage, 'getTokens'>;
  /** The read-only reader of the default database, when the app gave no storage. */
  readonly #reader: SessionReader | undefined;
  readonly #dpop: (() => Promise<DpopSupport>) | undefined;
  #impl: PageLatchkey | undefined;
  /** Reads of a stored token in flight, shared by the calls asking the same ({@link #stored}). */
  readonly #reads = new Map<string, Promise<PageTokenInfo | undefined>>();
  #loading: Promise<PageLatchkey> | undefined;
  #closed = false;

  /** `dpop`: loads core's DPoP support, which only the `@latchkey/web/dpop` entry brings. */
  constructor(options: CreateLatchkeyOptions, dpop?: () => Promise<DpopSupport>) {
    // Both halves read the same database: the app's storage, or the default IndexedDB database,
    // which this entry only reads (never creating nor upgrading it: the implementation's storage
    // runs the migrations) and the implementation opens with core's full storage.
    this.#storage = options.storage ?? (this.#reader = openSessionReader());
    this.#options = options;
    this.#dpop = dpop;
  }

  /** The implementation, loaded once; a failed download is retried by the next call. */
  #load(): Promise<PageLatchkey> {
    return (this.#loading ??= (async () => {
      let loaded: [typeof import('./page-latchkey.js'), DpopSupport | undefined];
      try {
        loaded = await Promise.all([import('./page-latchkey.js'), this.#dpop?.()]);
      } catch (cause) {
        this.#loading = undefined;
        throw loadFailed(cause);
      }
      // Validates the config: a bad one rejects this and every later call with `config_invalid`.
      const impl = new loaded[0].PageLatchkey(this.#options, loaded[1]);
      // From now on every read goes to the implementation: free the reader's connection.
      this.#reader?.close();
      if (this.#closed) impl.close();
      return (this.#impl = impl);
    })());
  }

  /**
   * A valid stored token for a plain `getToken`, before the implementation is loaded: one read for
   * every call asking the same while it is in flight (twenty calls of a page's start, one read).
   */
  async #stored(provider: string, options: GetTokenOptions): Promise<PageTokenInfo | undefined> {
    if (this.#impl) return undefined;
    try {
      const o = options as Record<string, unknown>;
      if (Object.keys(o).some((k) => o[k] !== undefined && !STORED_TOKEN_OPTIONS.includes(k)))
        return undefined;
      const config = this.#options.providers.find((p) => p.id === provider);
      if (!config) return undefined;
      const key = JSON.stringify([provider, options.scopes, options.minValidity]);
      let read = this.#reads.get(key);
      if (!read) {
        this.#reads.set(key, (read = readCachedToken(this.#storage, config, options)));
        const forget = () => this.#reads.delete(key);
        read.then(forget, forget);
      }
      return await read;
    } catch {
      // Whatever this shortcut cannot read, the full path reads and reports.
      return undefined;
    }
  }

  async getToken(provider: string, options?: GetTokenOptions): Promise<string> {
    return (await this.getTokenInfo(provider, options)).accessToken;
  }

  async getTokenInfo(provider: string, options: GetTokenOptions = {}): Promise<PageTokenInfo> {
    return (
      (await this.#stored(provider, options)) ??
      (await this.#load()).getTokenInfo(provider, options)
    );
  }

  signIn(...args: Parameters<Latchkey['signIn']>): Promise<PageTokenInfo> {
    if (this.#impl) return this.#impl.signIn(...args);
    // Synchronously, in the click that called this: the popup may open now, not after the load.
    const popup = args[1]?.redirect ? null : openPopup();
    return this.#load().then(
      (impl) => impl.signIn(args[0], args[1], popup),
      (err: unknown) => {
        popup?.close();
        throw err;
      },
    );
  }

  async handleRedirectCallback(): ReturnType<Latchkey['handleRedirectCallback']> {
    if (!this.#impl) {
      try {
        const redirectUris = this.#options.providers.map((config) =>
          redirectUriOf(config, this.#options.redirectUri),
        );
        if (
          !isCallbackUrl(location.href, redirectUris) &&
          !isEndSessionReturn(location.href, redirectUris)
        )
          return undefined;
      } catch {
        // A config this cannot read: the implementation validates it and says what is wrong.
      }
    }
    return (await this.#load()).handleRedirectCallback();
  }

  async providers(): ReturnType<Latchkey['providers']> {
    return (await this.#load()).providers();
  }

  signOut(...args: Parameters<Latchkey['signOut']>): ReturnType<Latchkey['signOut']> {
    if (this.#impl) return this.#impl.signOut(...args);
    // As for signIn: the logout popup opens in the click, not after the load.
    const popup = args[1]?.endSession && !args[1].redirect ? openPopup() : null;
    return this.#load().then(
      (impl) => impl.signOut(args[0], args[1], popup),
      (err: unknown) => {
        popup?.close();
        throw err;
      },
    );
  }

  async accounts(...args: Parameters<Latchkey['accounts']>): ReturnType<Latchkey['accounts']> {
    return (await this.#load()).accounts(...args);
  }

  async fetch(...args: Parameters<Latchkey['fetch']>): ReturnType<Latchkey['fetch']> {
    return (await this.#load()).fetch(...args);
  }

  async userinfo(...args: Parameters<Latchkey['userinfo']>): ReturnType<Latchkey['userinfo']> {
    return (await this.#load()).userinfo(...args);
  }

  /**
   * Listening loads the implementation in the background (it is what hears other tabs); the
   * listener is attached as soon as it has loaded.
   */
  on<E extends LatchkeyEventName>(
    event: E,
    listener: (detail: LatchkeyEvents[E]) => void,
  ): () => void {
    if (this.#impl) return this.#impl.on(event, listener);
    let off: (() => void) | undefined;
    let removed = false;
    this.#load().then(
      (impl) => {
        if (!removed) off = impl.on(event, listener);
      },
      () => {
        // The next call reports why the implementation did not load.
      },
    );
    return () => {
      removed = true;
      off?.();
    };
  }

  close(): void {
    this.#closed = true;
    this.#reader?.close();
    this.#impl?.close();
  }
}
