import type { PageTokenInfo } from '@latchkey/core';
import type { GetTokenOptions, Latchkey, SignInOptions } from '../types.js';

/**
 * - `loading`: nothing known yet (the first answer is on its way);
 * - `signedIn`: `token` holds a valid access token with its expiry, scopes and account;
 * - `signedOut`: no session (sign in to get one);
 * - `error`: the session could not be read (network, timeout, …) and no valid token is at hand.
 */
export type SessionStatus = 'loading' | 'signedIn' | 'signedOut' | 'error';

/** What a component shows for one provider; a new object on every change, the same one otherwise. */
export interface SessionSnapshot {
  readonly provider: string;
  readonly status: SessionStatus;
  /** The token, with its expiry, scopes and account, while `signedIn`. */
  readonly token: PageTokenInfo | undefined;
  /**
   * The last failure (a `LatchkeyError` with its `code`, e.g. `user_cancelled` when the user closed
   * the sign-in window): kept until the next sign-in, sign-out or token succeeds.
   */
  readonly error: Error | undefined;
  /** A sign-in or sign-out started through the store is under way. */
  readonly pending: 'signIn' | 'signOut' | undefined;
}

/** Which token a subscription follows (`interactive` is left out: only a click may open a window). */
export type TokenOptions = Pick<GetTokenOptions, 'scopes' | 'minValidity'>;

/**
 * Sessions of one {@link Latchkey} as subscribe/getSnapshot pairs, the shape of React's
 * `useSyncExternalStore` (the Preact and Vue bindings use it too). While a snapshot has subscribers
 * it follows sign-ins, refreshes and sign-outs in this tab, other tabs and the extension
 * (`tokenChanged`, `signedOut`), and asks for a fresh token before the current one is due.
 */
export interface SessionStore {
  readonly latchkey: Latchkey;
  subscribe(provider: string, listener: () => void, options?: TokenOptions): () => void;
  getSnapshot(provider: string, options?: TokenOptions): SessionSnapshot;
  /**
   * `latchkey.signIn`, called synchronously (page mode: call it inside the click, so that the popup
   * may open), with `pending` and `error` in the snapshots. Never rejects: `undefined` on failure.
   */
  signIn(provider: string, options?: SignInOptions): Promise<PageTokenInfo | undefined>;
  /** `latchkey.signOut` with `pending` and `error` in the snapshots. Never rejects. */
  signOut(provider: string): Promise<void>;
  /** Reads the provider's snapshots again (e.g. after a `network_error`). */
  reload(provider: string): void;
}

interface Entry {
  provider: string;
  options: TokenOptions;
  snapshot: SessionSnapshot;
  listeners: Set<() => void>;
  /** Bumped by every change that makes an answer in flight stale. */
  generation: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Milliseconds the token had left when first seen (at most its lifetime). */
  seenLifetime: number;
}

/** Session states that mean "not signed in", not a failure. */
const SIGNED_OUT_CODES = new Set(['login_required', 'consent_required']);
/** Default `minValidity` of `getToken`, in seconds. */
const DEFAULT_MIN_VALIDITY = 30;
/** setTimeout's limit; a longer wait is taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;

const codeOf = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** One key per provider and token options (scope order does not matter). */
export const entryKey = (provider: string, options: TokenOptions = {}): string =>
  JSON.stringify([provider, [...(options.scopes ?? [])].sort(), options.minValidity ?? null]);

const stores = new WeakMap<Latchkey, SessionStore>();

/** The session store of `latchkey` (one per instance, shared by every binding and component). */
export function sessionStore(latchkey: Latchkey): SessionStore {
  let store = stores.get(latchkey);
  if (!store) {
    store = createSessionStore(latchkey);
    stores.set(latchkey, store);
  }
  return store;
}

/** A new store for `latchkey`; {@link sessionStore} gives the shared one. */
export function createSessionStore(latchkey: Latchkey): SessionStore {
  const entries = new Map<string, Entry>();
  let listening = 0;
  let offEvents: (() => void) | undefined;

  const entryOf = (provider: string, options: TokenOptions = {}): Entry => {
    const key = entryKey(provider, options);
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        provider,
        options: {
          ...(options.scopes ? { scopes: [...options.scopes] } : {}),
          ...(options.minValidity !== undefined ? { minValidity: options.minValidity } : {}),
        },
        snapshot: {
          provider,
          status: 'loading',
          token: undefined,
          error: undefined,
          pending: undefined,
        },
        listeners: new Set(),
        generation: 0,
        timer: undefined,
        seenLifetime: 0,
      };
      entries.set(key, entry);
    }
    return entry;
  };

  const ofProvider = (provider: string): Entry[] =>
    [...entries.values()].filter((e) => e.provider === provider);

  const set = (entry: Entry, patch: Partial<SessionSnapshot>): void => {
    const next = { ...entry.snapshot, ...patch };
    const keys = Object.keys(next) as (keyof SessionSnapshot)[];
    if (keys.every((k) => next[k] === entry.snapshot[k])) return;
    entry.snapshot = next;
    for (const listener of [...entry.listeners]) listener();
  };

  const stopTimer = (entry: Entry): void => {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
  };

  /**
   * Asks again when the token is due: `minValidity` before expiry, but at most half the lifetime
   * seen (core's refresh rule), so the answer is a refreshed token, not the same one again.
   */
  const schedule = (entry: Entry, sameToken: boolean): void => {
    stopTimer(entry);
    const expiresAt = entry.snapshot.token?.expiresAt;
    if (expiresAt === undefined || entry.listeners.size === 0) return;
    const left = expiresAt - Date.now();
    const margin = Math.min(
      (entry.options.minValidity ?? DEFAULT_MIN_VALIDITY) * 1000,
      entry.seenLifetime / 2,
    );
    let delay = left - margin;
    // Asked when due and given the same token (clocks differ): again halfway to expiry.
    if (sameToken && delay < 1000) delay = Math.max(1000, left / 2);
    entry.timer = setTimeout(() => load(entry), Math.min(Math.max(delay, 0), MAX_DELAY));
  };

  const load = (entry: Entry): void => {
    const generation = ++entry.generation;
    latchkey.getTokenInfo(entry.provider, entry.options).then(
      (token) => {
        if (generation !== entry.generation) return;
        const previous = entry.snapshot.token;
        const sameToken = previous?.accessToken === token.accessToken;
        if (!sameToken && token.expiresAt !== undefined)
          entry.seenLifetime = token.expiresAt - Date.now();
        set(entry, { status: 'signedIn', token, error: undefined });
        schedule(entry, sameToken);
      },
      (err: unknown) => {
        if (generation !== entry.generation) return;
        stopTimer(entry);
        if (SIGNED_OUT_CODES.has(codeOf(err) ?? '')) {
          // A failed sign-in's error stays; a failed read's is over.
          const { status, error } = entry.snapshot;
          set(entry, {
            status: 'signedOut',
            token: undefined,
            error: status === 'error' ? undefined : error,
          });
          return;
        }
        const token = entry.snapshot.token;
        const valid = token?.expiresAt === undefined || token.expiresAt > Date.now();
        set(entry, { status: token && valid ? 'signedIn' : 'error', error: asError(err) });
        if (token && valid) schedule(entry, true);
      },
    );
  };

  const onTokenChanged = ({ provider }: { provider: string }): void => {
    for (const entry of ofProvider(provider)) if (entry.listeners.size) load(entry);
  };
  const onSignedOut = ({ provider, account }: { provider: string; account?: string }): void => {
    // One account of several signed out: the provider's current account may be another one now.
    if (account !== undefined) {
      for (const entry of ofProvider(provider)) if (entry.listeners.size) load(entry);
      return;
    }
    for (const entry of ofProvider(provider)) {
      entry.generation++;
      stopTimer(entry);
      set(entry, { status: 'signedOut', token: undefined });
    }
  };

  const store: SessionStore = {
    latchkey,
    subscribe(provider, listener, options) {
      const entry = entryOf(provider, options);
      const first = entry.listeners.size === 0;
      // The same function twice counts twice (as two components would).
      const own = (): void => listener();
      entry.listeners.add(own);
      if (listening++ === 0) {
        const offChanged = latchkey.on('tokenChanged', onTokenChanged);
        const offSignedOut = latchkey.on('signedOut', onSignedOut);
        offEvents = () => {
          offChanged();
          offSignedOut();
        };
      }
      if (first) load(entry);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        entry.listeners.delete(own);
        if (entry.listeners.size === 0) stopTimer(entry);
        if (--listening === 0) {
          offEvents?.();
          offEvents = undefined;
        }
      };
    },
    getSnapshot: (provider, options) => entryOf(provider, options).snapshot,
    signIn(provider, options) {
      let started: Promise<PageTokenInfo>;
      try {
        started = latchkey.signIn(provider, options);
      } catch (err) {
        started = Promise.reject(err); // still "never rejects": the error goes to the snapshot
      }
      const session = entryOf(provider);
      for (const entry of ofProvider(provider)) set(entry, { pending: 'signIn' });
      return started.then(
        (token) => {
          for (const entry of ofProvider(provider)) {
            entry.generation++;
            set(entry, { pending: undefined, error: undefined });
            if (entry === session) {
              if (token.expiresAt !== undefined) entry.seenLifetime = token.expiresAt - Date.now();
              set(entry, { status: 'signedIn', token });
              schedule(entry, false);
            } else if (entry.listeners.size) load(entry);
          }
          return token;
        },
        (err: unknown) => {
          for (const entry of ofProvider(provider))
            set(entry, { pending: undefined, error: asError(err) });
          return undefined;
        },
      );
    },
    signOut(provider) {
      for (const entry of ofProvider(provider)) set(entry, { pending: 'signOut' });
      return latchkey.signOut(provider).then(
        () => {
          for (const entry of ofProvider(provider)) {
            entry.generation++;
            stopTimer(entry);
            set(entry, {
              status: 'signedOut',
              token: undefined,
              pending: undefined,
              error: undefined,
            });
          }
        },
        (err: unknown) => {
          for (const entry of ofProvider(provider))
            set(entry, { pending: undefined, error: asError(err) });
        },
      );
    },
    reload(provider) {
      for (const entry of ofProvider(provider)) if (entry.listeners.size) load(entry);
    },
  };
  return store;
}

/** What `useSession` adds to the snapshot: the store's actions for that provider. */
export interface SessionActions {
  /** Starts a sign-in (call it inside the click: page mode opens a popup). */
  signIn(options?: SignInOptions): Promise<PageTokenInfo | undefined>;
  signOut(): Promise<void>;
  reload(): void;
}

/** The store's actions bound to one provider. */
export const actionsOf = (store: SessionStore, provider: string): SessionActions => ({
  signIn: (options) => store.signIn(provider, options),
  signOut: () => store.signOut(provider),
  reload: () => store.reload(provider),
});

/** What `useAccessToken` gives: the access token itself while signed in. */
export interface AccessTokenState {
  readonly status: SessionStatus;
  /** The access token (for an `Authorization` header), while `signedIn`. */
  readonly token: string | undefined;
  /** Epoch milliseconds, when the server said. */
  readonly expiresAt: number | undefined;
  readonly error: Error | undefined;
  readonly pending: SessionSnapshot['pending'];
}

export const accessTokenOf = (s: SessionSnapshot): AccessTokenState => ({
  status: s.status,
  token: s.token?.accessToken,
  expiresAt: s.token?.expiresAt,
  error: s.error,
  pending: s.pending,
});
