import {
  normalizeAcrValues,
  normalizeMaxAge,
  normalizeResources,
  resourceKey,
} from './authorization/auth-params.js';
import { buildAuthorizationUrl } from './authorization/begin-authorization.js';
import { processCallback } from './authorization/complete-authorization.js';
import type {
  BeginAuthorizationOptions,
  CodeFlowClient,
  CreateClientOptions,
  LatchkeyClient,
} from './client-types.js';
import { validateProviderConfigs } from './config/validate-provider-config.js';
import type { ClientContext } from './context.js';
import { requireDpop } from './dpop/dpop.js';
import { dpopSupport } from './dpop/dpop-support.js';
import { startDeviceAuthorization } from './device/device-authorization.js';
import { LatchkeyError } from './errors.js';
import { revokeTokens } from './revocation/revoke-tokens.js';
import { signOut } from './revocation/sign-out.js';
import { openIdbStorage } from './storage/idb-storage.js';
import { readTokens } from './tokens/read-tokens.js';
import {
  narrowTokens,
  refreshCurrent,
  refreshTokens,
  resourceTokens,
} from './tokens/refresh-tokens.js';
import { DEFAULT_MIN_VALIDITY } from './tokens/read-cached.js';
import { accountSummary, isFresh, toTokenInfo } from './tokens/token-record.js';
import type { TokenRecord } from './storage/types.js';
import type { AccountSummary, ProviderConfig } from './types.js';
import { fetchUserinfo } from './userinfo/fetch-userinfo.js';

/**
 * Creates a public OAuth 2.0 client for `providers` (validated: a bad config throws
 * `config_invalid` here, not on first use).
 * @see packages/core/README.md
 */
export function createClient(options: CreateClientOptions): LatchkeyClient {
  const { client, ctx, provider, session, requireScopes } = buildClient({
    ...options,
    dpop: dpopSupport,
  });
  const full: LatchkeyClient = {
    ...client,

    async getScopedToken(id, scopes, { minValidity = 30, account } = {}) {
      const record = requireScopes(id, await session(id, account), scopes);
      // One account from here on, whatever becomes current meanwhile.
      account = record.account;
      // The session's token carries no more than asked: it is the one (refreshed if need be).
      if (record.scopes.every((s) => scopes.includes(s))) {
        await client.getAccessToken(id, { minValidity, account });
        return toTokenInfo(await session(id, account));
      }
      const narrowed = await narrowTokens(ctx, provider(id), account, scopes, { minValidity });
      const { expiresAt: _, ...info } = toTokenInfo(record);
      return {
        ...info,
        accessToken: narrowed.accessToken,
        tokenType: narrowed.tokenType,
        scopes: [...narrowed.scopes],
        ...(narrowed.expiresAt !== undefined && { expiresAt: narrowed.expiresAt }),
      };
    },
    async userinfo(id, { scopes, account } = {}) {
      if (!scopes) return client.userinfo(id, account !== undefined ? { account } : {});
      const { account: which } = await session(id, account);
      const { accessToken } = await full.getScopedToken(id, scopes, { account: which });
      const record = await session(id, which);
      return fetchUserinfo(ctx, provider(id), accessToken, record.account, record.dpopKey);
    },
    startDeviceAuthorization: async (id, opts = {}) => {
      const p = provider(id);
      return startDeviceAuthorization(ctx, p, opts.scopes ?? p.scopes ?? []);
    },
    revokeTokens: (id, tokens) => revokeTokens(ctx, provider(id), tokens),
  };
  return full;
}

/**
 * {@link createClient} without the device grant (RFC 8628) and tokens narrowed for other parties,
 * and without DPoP and resource requests unless `options.dpop` brings them (a `dpop` provider is
 * refused otherwise), so that a bundle that never uses them does not carry them: `@latchkey/web`'s
 * page mode is built on this.
 */
export function createCodeFlowClient(options: CreateClientOptions): CodeFlowClient {
  const { client } = buildClient(options);
  for (const p of client.providers) {
    if (p.dpop && !options.dpop) {
      throw new LatchkeyError(
        'config_invalid',
        `Provider config: dpop of ${p.id} needs createClient, or createCodeFlowClient with dpopSupport from @latchkey/core/dpop`,
      );
    }
  }
  return client;
}

function buildClient(options: CreateClientOptions): {
  client: CodeFlowClient;
  ctx: ClientContext;
  provider: (id: string) => ProviderConfig;
  session: (id: string, account?: string) => Promise<TokenRecord>;
  requireScopes: (id: string, record: TokenRecord, scopes: readonly string[]) => TokenRecord;
} {
  const providers = validateProviderConfigs(options.providers);
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const ctx: ClientContext = {
    providers: new Map(providers.map((p) => [p.id, p])),
    storage: options.storage ?? openIdbStorage(),
    fetch: fetchImpl,
    timeout: options.timeout ?? 30_000,
    emit: (event) => {
      try {
        options.onEvent?.({ ...event, at: Date.now() });
      } catch {
        // A listener's failure is not the flow's.
      }
    },
    refreshed: (record, current) => {
      try {
        options.onTokenRefreshed?.(toTokenInfo(record), {
          current,
          ...(record.lifetime !== undefined && { lifetime: record.lifetime }),
        });
      } catch {
        // As for events: a listener's failure is not the refresh's.
      }
    },
    servers: new Map(),
    refreshes: new Map(),
    queues: new Map(),
    seen: new Map(),
    ...(options.dpop && { dpop: options.dpop }),
  };
  const provider = (id: string): ProviderConfig => {
    const p = ctx.providers.get(id);
    if (!p)
      throw new LatchkeyError('provider_unknown', `No provider with id ${JSON.stringify(id)}`);
    return p;
  };
  /**
   * The session of `account` of provider `id` (its current account's without `account`):
   * `no_session` for a named account without one, `login_required` when the provider has none.
   */
  const session = async (id: string, account?: string) => {
    const record = await readTokens(ctx, provider(id), { account: checkAccount(account) });
    if (record) return record;
    if (account !== undefined)
      throw new LatchkeyError(
        'no_session',
        `No session of account ${JSON.stringify(account)} for ${id}: sign in as it first`,
      );
    throw new LatchkeyError('login_required', `No session for ${id}: sign in first`);
  };
  /** Notes `record` as its provider's current account's session as last seen ({@link ClientContext.seen}). */
  const see = (record: TokenRecord): TokenRecord => {
    const { account, scopes, expiresAt, lifetime, updatedAt } = record;
    ctx.seen.set(record.provider, {
      account,
      scopes,
      updatedAt,
      ...(expiresAt !== undefined && { expiresAt }),
      ...(lifetime !== undefined && { lifetime }),
    });
    return record;
  };
  const requireScopes = (id: string, record: TokenRecord, scopes: readonly string[]) => {
    const missing = scopes.filter((s) => !record.scopes.includes(s));
    if (missing.length) {
      throw new LatchkeyError(
        'login_required',
        `The session for ${id} lacks scope ${missing.join(' ')}: sign in again asking for it`,
      );
    }
    return record;
  };

  /**
   * The session's authentication against a call's `maxAge` (the id_token's `auth_time`) and
   * `acrValues` (its `acr`): a session that does not meet them is `login_required`.
   * @see OIDC Core §2 (auth_time, acr), §3.1.2.1 (max_age, acr_values)
   */
  const requireAuthentication = (
    id: string,
    record: TokenRecord,
    options: { maxAge?: unknown; acrValues?: unknown },
  ) => {
    const maxAge = normalizeMaxAge(options.maxAge);
    const acrValues = normalizeAcrValues(options.acrValues);
    const claims = record.claims ?? {};
    if (maxAge !== undefined) {
      const authTime = claims.auth_time;
      if (typeof authTime !== 'number' || authTime + maxAge < Date.now() / 1000) {
        throw new LatchkeyError(
          'login_required',
          `The session for ${id} was authenticated more than ${maxAge} seconds ago (or says not when): sign in again with maxAge`,
        );
      }
    }
    if (acrValues && !(typeof claims.acr === 'string' && acrValues.includes(claims.acr))) {
      throw new LatchkeyError(
        'login_required',
        `The session for ${id} was not authenticated with ${acrValues.join(' or ')}: sign in again with acrValues`,
      );
    }
  };

  const client: CodeFlowClient = {
    providers,
    beginAuthorization: async (id, opts) => buildAuthorizationUrl(ctx, provider(id), opts),
    async beginSilentAuthorization(id, opts = {}) {
      const p = provider(id);
      if (p.silentReauth !== true) {
        throw new LatchkeyError(
          'unsupported',
          `Provider ${id}: silent re-authentication is off (silentReauth in its config)`,
        );
      }
      const {
        prompt: _,
        account,
        ...rest
      } = opts as BeginAuthorizationOptions & {
        account?: string;
      };
      const record =
        account === undefined
          ? await readTokens(ctx, p, { announce: false })
          : await session(id, account);
      return buildAuthorizationUrl(
        ctx,
        p,
        { ...rest, prompt: 'none' },
        record?.idToken !== undefined ? { idTokenHint: record.idToken } : {},
      );
    },
    completeAuthorization: (callbackUrl) => processCallback(ctx, callbackUrl),
    async getToken(id, options = {}) {
      const { scopes = [], minValidity = DEFAULT_MIN_VALIDITY } = options;
      const resources = normalizeResources(options.resource);
      // A call for the current account's own token: queue for the refresh lock at once when this
      // client last saw that token due (the read under the lock decides; see refreshCurrent).
      const plain =
        options.account === undefined &&
        resources === undefined &&
        options.maxAge === undefined &&
        options.acrValues === undefined;
      const seen = plain ? ctx.seen.get(id) : undefined;
      if (seen && !isFresh(seen, minValidity) && scopes.every((s) => seen.scopes.includes(s))) {
        const fresh = await refreshCurrent(ctx, provider(id), seen.account, {
          minValidity,
          signal: options.signal,
        });
        if (fresh) return toTokenInfo(see(requireScopes(id, fresh, scopes)));
        // Another account is current now, or the session is gone or of another config.
        ctx.seen.delete(id);
      }
      const stored = await session(id, options.account);
      if (plain) see(stored);
      const record = requireScopes(id, stored, scopes);
      const { account } = record;
      requireAuthentication(id, record, options);
      if (resources && resourceKey(resources) !== resourceKey(record.resources ?? [])) {
        const token = await resourceTokens(ctx, provider(id), account, resources, {
          minValidity,
        });
        requireScopes(id, { ...record, scopes: token.scopes }, scopes);
        const { expiresAt: _, ...info } = toTokenInfo(record);
        return {
          ...info,
          accessToken: token.accessToken,
          tokenType: token.tokenType,
          scopes: [...token.scopes],
          ...(token.expiresAt !== undefined && { expiresAt: token.expiresAt }),
        };
      }
      const result = isFresh(record, minValidity)
        ? record
        : await refreshTokens(ctx, provider(id), account, { minValidity, signal: options.signal });
      return toTokenInfo(plain ? see(result) : result);
    },
    async getAccessToken(id, options) {
      return (await client.getToken(id, options)).accessToken;
    },
    async getTokenInfo(id, { account } = {}) {
      const record = await readTokens(ctx, provider(id), { account: checkAccount(account) });
      return record && toTokenInfo(record);
    },
    async refresh(id, { account } = {}) {
      const record = await session(id, account);
      return toTokenInfo(await refreshTokens(ctx, provider(id), record.account, { force: true }));
    },
    // Without endSession it resolves to nothing, as it always has.
    async signOut(id, options) {
      checkAccount(options?.account);
      const result = await signOut(ctx, provider(id), options);
      return options?.endSession ? result : undefined;
    },
    async userinfo(id, { account } = {}) {
      const { account: which } = await session(id, account);
      const token = await client.getAccessToken(id, { account: which });
      const record = await session(id, which);
      return fetchUserinfo(ctx, provider(id), token, record.account, record.dpopKey);
    },
    async resourceRequest(id, request, { accessToken, account } = {}) {
      const p = provider(id);
      const send = requireDpop(ctx, p).sendResourceRequest;
      const record = await session(id, account);
      const token = accessToken ?? (await client.getAccessToken(id, { account: record.account }));
      return send(ctx, p, await session(id, record.account), token, request);
    },
    async listAccounts(id) {
      const ps = id === undefined ? providers : [provider(id)];
      const out: AccountSummary[] = [];
      for (const p of ps) {
        const current = await ctx.storage.getCurrentAccount(p.id);
        for (const stored of await ctx.storage.listTokens(p.id)) {
          // Each read drops a session of an earlier definition of the provider.
          const record = await readTokens(ctx, p, { account: stored.account });
          if (record) out.push(accountSummary(record, record.account === current));
        }
      }
      return out;
    },
    async selectAccount(id, account) {
      provider(id);
      if (typeof account !== 'string') throw invalidAccount();
      if (!(await ctx.storage.setCurrentAccount(id, account)))
        throw new LatchkeyError(
          'no_session',
          `No session of account ${JSON.stringify(account)} for ${id}: sign in as it first`,
        );
    },
  };
  return { client, ctx, provider, session, requireScopes };
}

/**
 * An `account` option as given by the app: a `sub` (a string), or undefined for the current account.
 * Anything else is `invalid_request`, before any storage read.
 */
function checkAccount(account: unknown): string | undefined {
  if (account === undefined || typeof account === 'string') return account;
  throw invalidAccount();
}

function invalidAccount(): LatchkeyError {
  return new LatchkeyError(
    'invalid_request',
    'Option account: a string (the id_token sub) or none',
  );
}
