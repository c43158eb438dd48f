import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds, or Infinity. */
  expiresAt: number;
}

/** Models whose entries belong to a grant and go when the grant is revoked. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/**
 * oidc-provider's storage for one dev IdP: an unbounded Map with lazy expiry. Unlike the built-in
 * quick-start adapter it is not an LRU capped at 1,000 entries (a long test or benchmark would evict
 * live sessions and tokens), it is private to one server, and it holds no timers, so nothing keeps
 * the process alive after `close()`.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  /** grantId -> keys of the tokens issued under it. */
  readonly #grants = new Map<string, Set<string>>();
  #writes = 0;

  /** The adapter factory for oidc-provider's `adapter` option. */
  readonly factory: AdapterFactory = (model) => this.#adapter(model);

  clear(): void {
    this.#entries.clear();
    this.#grants.clear();
  }

  #get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  #set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.#entries.set(key, { payload, expiresAt });
    // Expired entries are dropped on read; sweep now and then so a long run does not grow forever.
    if (++this.#writes % 500 === 0) this.#sweep();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    for (const [grantId, keys] of this.#grants) {
      for (const key of keys) if (!this.#entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.#grants.delete(grantId);
    }
  }

  #adapter(model: string): Adapter {
    const keyOf = (id: string) => `${model}:${id}`;
    const store = this;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        if (model === 'Session' && payload.uid)
          store.#set(`sessionUid:${payload.uid}`, { id }, expiresIn);
        if (payload.userCode) store.#set(`userCode:${payload.userCode}`, { id }, expiresIn);
        if (GRANTABLE.has(model) && payload.grantId) {
          const keys = store.#grants.get(payload.grantId) ?? new Set<string>();
          keys.add(key);
          store.#grants.set(payload.grantId, keys);
        }
        store.#set(key, payload, expiresIn);
      },
      async find(id) {
        return store.#get(keyOf(id));
      },
      async findByUid(uid) {
        const ref = store.#get(`sessionUid:${uid}`);
        return typeof ref?.id === 'string' ? store.#get(keyOf(ref.id)) : undefined;
      },
      async findByUserCode(userCode) {
        const ref = store.#get(`userCode:${userCode}`);
        return typeof ref?.id === 'string' ? store.#get(keyOf(ref.id)) : undefined;
      },
      async consume(id) {
        const payload = store.#get(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.#entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of store.#grants.get(grantId) ?? []) store.#entries.delete(key);
        store.#grants.delete(grantId);
      },
    };
  }
}
