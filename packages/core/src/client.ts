import { buildAuthorizationUrl } from './authorization/begin-authorization.js';
import { processCallback } from './authorization/complete-authorization.js';
import type { CodeFlowClient, CreateClientOptions, LatchkeyClient } from './client-types.js';
import { validateProviderConfigs } from './config/validate-provider-config.js';
import type { ClientContext } from './context.js';
import { startDeviceAuthorization } from './device/device-authorization.js';
import { LatchkeyError } from './errors.js';
import { signOut } from './revocation/sign-out.js';
import { openIdbStorage } from './storage/idb-storage.js';
import { readTokens } from './tokens/read-tokens.js';
import { refreshTokens } from './tokens/refresh-tokens.js';
import { isFresh, toTokenInfo } from './tokens/token-record.js';
import type { ProviderConfig } from './types.js';
import { fetchUserinfo } from './userinfo/fetch-userinfo.js';

/**
 * Creates a public OAuth 2.0 client for `providers` (validated: a bad config throws
 * `config_invalid` here, not on first use).
 * @see DESIGN.md "The public surface"
 */
export function createClient(options: CreateClientOptions): LatchkeyClient {
  const { client, ctx, provider } = buildClient(options);
  return {
    ...client,
    startDeviceAuthorization: async (id, opts = {}) => {
      const p = provider(id);
      return startDeviceAuthorization(ctx, p, opts.scopes ?? p.scopes ?? []);
    },
  };
}

/**
 * {@link createClient} without `startDeviceAuthorization`, so that a bundle that never uses the
 * device grant (RFC 8628) does not carry it: `@latchkey/web`'s page mode is built on this.
 */
export function createCodeFlowClient(options: CreateClientOptions): CodeFlowClient {
  return buildClient(options).client;
}

function buildClient(options: CreateClientOptions): {
  client: CodeFlowClient;
  ctx: ClientContext;
  provider: (id: string) => ProviderConfig;
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
    servers: new Map(),
    refreshes: new Map(),
  };
  const provider = (id: string): ProviderConfig => {
    const p = ctx.providers.get(id);
    if (!p)
      throw new LatchkeyError('provider_unknown', `No provider with id ${JSON.stringify(id)}`);
    return p;
  };
  const session = async (id: string) => {
    const record = await readTokens(ctx, provider(id));
    if (!record) throw new LatchkeyError('login_required', `No session for ${id}: sign in first`);
    return record;
  };

  const client: CodeFlowClient = {
    providers,
    beginAuthorization: async (id, opts) => buildAuthorizationUrl(ctx, provider(id), opts),
    completeAuthorization: (callbackUrl) => processCallback(ctx, callbackUrl),
    async getAccessToken(id, { scopes, minValidity = 30 } = {}) {
      const record = await session(id);
      const missing = scopes?.filter((s) => !record.scopes.includes(s)) ?? [];
      if (missing.length) {
        throw new LatchkeyError(
          'login_required',
          `The session for ${id} lacks scope ${missing.join(' ')}: sign in again asking for it`,
        );
      }
      if (isFresh(record, minValidity)) return record.accessToken;
      return (await refreshTokens(ctx, provider(id), { minValidity })).accessToken;
    },
    async getTokenInfo(id) {
      const record = await readTokens(ctx, provider(id));
      return record && toTokenInfo(record);
    },
    async refresh(id) {
      await session(id);
      return toTokenInfo(await refreshTokens(ctx, provider(id), { force: true }));
    },
    async signOut(id) {
      await signOut(ctx, provider(id));
    },
    async userinfo(id) {
      const token = await client.getAccessToken(id);
      const record = await session(id);
      return fetchUserinfo(ctx, provider(id), token, record.account);
    },
  };
  return { client, ctx, provider };
}
