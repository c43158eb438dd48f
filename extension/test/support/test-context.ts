import { LatchkeyError } from '@latchkey/core';
import type {
  GrantRecord,
  LatchkeyClient,
  LatchkeyStorage,
  ProviderConfig,
  TokenInfo,
  TokenRecord,
} from '@latchkey/core';
import type { ConsentQuestion } from '../../src/background/access/consent.js';
import type { FlowOptions } from '../../src/background/auth-flow.js';
import type { BrokerContext } from '../../src/background/broker-context.js';
import type { RegisteredProvider } from '../../src/background/provider-registry.js';
import { memorySiteSessions } from '../../src/background/site-sessions.js';

/**
 * A broker context for handler tests: grants in memory, the given providers, and a stand-in for
 * core's client holding one session (core itself is tested in packages/core). `answer` is what the
 * person says in the consent window; `flowSession` is the session a sign-in leaves.
 */
export function testContext(providers: RegisteredProvider[]) {
  const grants = new Map<string, GrantRecord>();
  const key = (o: string, p: string) => `${o}\n${p}`;
  const state = {
    session: undefined as TokenInfo | undefined,
    /** The token a narrowed request gets (by scopes). */
    scoped: (session: TokenInfo, scopes: readonly string[]): TokenInfo => ({
      ...session,
      accessToken: `${session.accessToken}:${[...scopes].sort().join('+')}`,
      scopes: [...scopes],
    }),
    userinfo: {} as Record<string, unknown>,
    answer: true,
    questions: [] as ConsentQuestion[],
    flows: [] as FlowOptions[],
    /** Silent re-authentications asked for, and what the provider answers them with. */
    silentFlows: [] as FlowOptions[],
    silentSession: undefined as TokenInfo | undefined,
    /** End-session URLs opened (RP-Initiated Logout). */
    endSessions: [] as string[],
    flowSession: undefined as TokenInfo | undefined,
    signOuts: [] as string[],
    /** Tokens the broker asked core to revoke (`revokeTokens`), by access token. */
    revocations: [] as string[],
    refreshes: 0,
    siteEvents: [] as string[],
    fetch: (async () => new Response('ok')) as typeof fetch,
  };
  const storage = {
    getGrant: async (o: string, p: string) => grants.get(key(o, p)),
    putGrant: async (g: GrantRecord) => void grants.set(key(g.origin, g.provider), g),
    deleteGrant: async (o: string, p: string) => void grants.delete(key(o, p)),
    listGrants: async (o?: string) => [...grants.values()].filter((g) => !o || g.origin === o),
    // The session as core stores it (only what the broker reads of it).
    getTokens: async (_p: string, account?: string) =>
      state.session && (account === undefined || account === (state.session.account?.sub ?? ''))
        ? toRecord(state.session)
        : undefined,
    listTokens: async () => (state.session ? [toRecord(state.session)] : []),
    getCurrentAccount: async () => (state.session ? (state.session.account?.sub ?? '') : undefined),
    putTokens: async (r: TokenRecord) => void (state.session = fromRecord(r)),
    deleteTokens: async (_p: string, a?: string) =>
      void (a === undefined || state.session?.account?.sub === a
        ? (state.session = undefined)
        : undefined),
  } as Partial<LatchkeyStorage> as LatchkeyStorage;
  const needSession = (id: string) => {
    if (!state.session) throw new LatchkeyError('login_required', `No session for ${id}`);
    return state.session;
  };
  const client = {
    getToken: async (id: string, o: { scopes?: string[] } = {}) => {
      const s = needSession(id);
      if ((o.scopes ?? []).some((x) => !s.scopes.includes(x)))
        throw new LatchkeyError('login_required', 'lacks scope');
      return s;
    },
    getTokenInfo: async () => state.session,
    listAccounts: async (provider?: string) =>
      state.session
        ? [
            {
              provider: provider ?? state.session.provider,
              account: state.session.account?.sub ?? '',
              ...(state.session.account?.name !== undefined && {
                name: state.session.account.name,
              }),
              ...(state.session.account?.email !== undefined && {
                email: state.session.account.email,
              }),
              current: true,
              scopes: state.session.scopes,
            },
          ]
        : [],
    selectAccount: async () => undefined,
    getScopedToken: async (id: string, scopes: readonly string[]) =>
      state.scoped(needSession(id), scopes),
    userinfo: async () => state.userinfo,
    refresh: async (id: string) => {
      state.refreshes++;
      const s = needSession(id);
      state.session = { ...s, accessToken: `${s.accessToken}+r` };
      return state.session;
    },
    signOut: async (id: string) => {
      state.signOuts.push(id);
      state.session = undefined;
    },
    revokeTokens: async (_id: string, tokens: { accessToken?: string }) => {
      state.revocations.push(tokens.accessToken ?? '');
      return { revoked: true };
    },
  } as Partial<LatchkeyClient> as LatchkeyClient;
  const ctx: BrokerContext = {
    client: async () => client,
    storage: async () => storage,
    providers: async () => providers,
    provider: async (id) => {
      const p = providers.find((x) => x.config.id === id);
      if (!p) throw new LatchkeyError('provider_unknown', `No provider ${id}`);
      return p;
    },
    askConsent: async (q) => {
      state.questions.push(q);
      await storage.putGrant({
        origin: q.origin,
        provider: q.provider.id,
        scopes: q.scopes,
        decision: state.answer ? 'allowed' : 'denied',
        by: 'user',
        at: 1,
      });
      return state.answer;
    },
    runAuthFlow: async (_p, options) => {
      state.flows.push(options);
      state.session = state.flowSession ?? state.session;
      if (!state.session) throw new LatchkeyError('login_required', 'no flow session');
      return state.session;
    },
    runSilentAuthFlow: async (_p, options) => {
      state.silentFlows.push(options);
      if (!state.silentSession) throw new LatchkeyError('login_required', 'provider session gone');
      state.session = state.silentSession;
      return state.session;
    },
    runEndSession: async (_p, url) => void state.endSessions.push(url),
    notify: () => undefined,
    notifySite: (origin, event, provider) =>
      void state.siteEvents.push(`${origin} ${event} ${provider}`),
    siteSessions: memorySiteSessions(),
    grantRevoked: () => undefined,
    fetch: (input, init) => state.fetch(input, init),
  };
  return { ctx, state, storage, grants };
}

function toRecord(s: TokenInfo): TokenRecord {
  const claims: Record<string, unknown> = {};
  if (s.account?.name) claims.name = s.account.name;
  if (s.account?.email) claims.email = s.account.email;
  if (s.account?.preferredUsername) claims.preferred_username = s.account.preferredUsername;
  return {
    provider: s.provider,
    account: s.account?.sub ?? '',
    accessToken: s.accessToken,
    tokenType: s.tokenType,
    scopes: s.scopes,
    claims,
    updatedAt: 0,
  };
}

function fromRecord(r: TokenRecord): TokenInfo {
  const claims = r.claims ?? {};
  const account = { sub: r.account } as NonNullable<TokenInfo['account']>;
  if (typeof claims.name === 'string') account.name = claims.name;
  if (typeof claims.email === 'string') account.email = claims.email;
  return {
    provider: r.provider,
    accessToken: r.accessToken,
    tokenType: r.tokenType,
    scopes: r.scopes,
    account,
  };
}

export const userGrant = (
  origin: string,
  provider: string,
  scopes: string[],
  decision: 'allowed' | 'denied' = 'allowed',
): GrantRecord => ({ origin, provider, scopes, decision, by: 'user', at: 1 });

export const session = (over: Partial<TokenInfo> = {}): TokenInfo => ({
  provider: 'dev',
  accessToken: 'at',
  tokenType: 'Bearer',
  scopes: ['openid', 'profile', 'email'],
  account: { sub: 'alice', name: 'Alice', email: 'alice@example.com', preferredUsername: 'al' },
  ...over,
});

export const devConfig = (over: Partial<ProviderConfig> = {}): ProviderConfig => ({
  id: 'dev',
  clientId: 'c',
  issuer: 'https://idp.example',
  scopes: ['openid', 'profile', 'email', 'api:read'],
  resourceOrigins: ['https://api.example'],
  ...over,
});
