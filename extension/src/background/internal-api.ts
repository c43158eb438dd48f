import { LatchkeyError } from '@latchkey/core';
import type { ProviderConfig, TokenRecord } from '@latchkey/core';
import type {
  AccountView,
  SessionAccountView,
  InternalMethod,
  InternalParams,
  InternalResult,
} from '../common/internal-protocol.js';
import { runAuthFlow } from './auth-flow.js';
import { brokerClient } from './broker-client.js';
import { brokerStorage } from './broker-storage.js';
import { answerConsent, grantAccess, listAccess, revokeAccess } from './access/index.js';
import { liveContext } from './broker-context.js';
import { addBridgeSite } from './content-scripts.js';
import { discoverProvider } from './discover-provider.js';
import { readLog } from './event-log.js';
import { notifyProvider } from './notify.js';
import {
  applyImport,
  findProvider,
  loadProviders,
  previewImport,
  removeOptionsProvider,
  saveOptionsProvider,
  toView,
} from './provider-registry.js';
import { getConsentRequest } from './session-store.js';

type Handlers = {
  [M in InternalMethod]: (params: InternalParams<M>) => Promise<InternalResult<M>>;
};

function accountView(config: ProviderConfig, tokens: TokenRecord | undefined): AccountView {
  const view: AccountView = {
    provider: config.id,
    signedIn: tokens !== undefined,
    scopes: tokens?.scopes ?? config.scopes ?? [],
    hasRefreshToken: tokens?.refreshToken !== undefined,
  };
  if (config.name) view.providerName = config.name;
  if (tokens) {
    const claims = tokens.claims ?? {};
    if (tokens.account) view.sub = tokens.account;
    if (typeof claims.name === 'string') view.name = claims.name;
    if (typeof claims.email === 'string') view.email = claims.email;
    view.tokenType = tokens.tokenType;
    if (tokens.expiresAt !== undefined) view.expiresAt = tokens.expiresAt;
    if (tokens.lastRefresh) view.lastRefresh = tokens.lastRefresh;
  }
  return view;
}

async function accountOf(id: string): Promise<AccountView> {
  const { config } = await findProvider(id);
  return accountView(config, await (await brokerStorage()).getTokens(id));
}

/** The protocol of the extension's own pages (`src/common/internal-protocol.ts`). */
export const internalHandlers: Handlers = {
  listProviders: async () => (await loadProviders()).map(toView),
  discoverProvider: async ({ issuer }) => discoverProvider(issuer),
  saveProvider: async ({ config }) => toView(await saveOptionsProvider(config)),
  removeProvider: async ({ id }) => {
    await removeOptionsProvider(id);
    return { removed: true };
  },
  previewImport: async ({ configs }) => previewImport(configs),
  applyImport: async ({ configs }) => (await applyImport(configs)).map(toView),
  importProviders: async ({ configs }) => (await applyImport(configs)).map(toView),

  listAccounts: async () => {
    const storage = await brokerStorage();
    return Promise.all(
      (await loadProviders()).map(async (p) =>
        accountView(p.config, await storage.getTokens(p.config.id)),
      ),
    );
  },
  // The extension's own pages need no consent: the person is using Latchkey itself.
  // For the union of the session's scopes and the provider's: a sites' wider session is not narrowed.
  signIn: async ({ provider }) => {
    const p = await findProvider(provider);
    const current = await (await brokerClient()).getTokenInfo(provider).catch(() => undefined);
    const scopes = [...new Set([...(current?.scopes ?? []), ...(p.config.scopes ?? [])])];
    await runAuthFlow(p, scopes.length ? { scopes } : {});
    void notifyProvider(provider, 'tokenChanged');
    return accountOf(provider);
  },
  // The person's full sign-out: every site's session ends (core revokes the refresh token).
  signOut: async ({ provider }) => {
    await (await brokerClient()).signOut(provider, { allAccounts: true });
    void notifyProvider(provider, 'signedOut');
    return { signedOut: true };
  },
  refreshNow: async ({ provider }) => {
    await (await brokerClient()).refresh(provider);
    void notifyProvider(provider, 'tokenChanged');
    return accountOf(provider);
  },
  listSessions: async ({ provider }) => {
    const client = await brokerClient();
    const providers = await loadProviders();
    const grants = await listAccess(liveContext);
    const out: SessionAccountView[] = [];
    for (const p of providers) {
      if (provider !== undefined && p.config.id !== provider) continue;
      for (const a of await client.listAccounts(p.config.id)) {
        const sites = grants
          .filter(
            (g) =>
              g.provider === p.config.id &&
              g.decision === 'allowed' &&
              (g.account === undefined ? a.current : g.account === a.account),
          )
          .map((g) => g.origin);
        out.push({
          provider: a.provider,
          ...(p.config.name ? { providerName: p.config.name } : {}),
          account: a.account,
          ...(a.name !== undefined && { name: a.name }),
          ...(a.email !== undefined && { email: a.email }),
          ...(a.preferredUsername !== undefined && { preferredUsername: a.preferredUsername }),
          current: a.current,
          scopes: a.scopes,
          ...(a.expiresAt !== undefined && { expiresAt: a.expiresAt }),
          sites: [...new Set(sites)].sort(),
        });
      }
    }
    return out;
  },
  signOutAccount: async ({ provider, account }) => {
    if (typeof account !== 'string')
      throw new LatchkeyError('invalid_request', 'account must be a sub');
    await findProvider(provider);
    await (await brokerClient()).signOut(provider, { account });
    void notifyProvider(provider, 'signedOut');
    return { signedOut: true };
  },
  tokenDetails: async ({ provider }) => {
    const { config } = await findProvider(provider);
    const tokens = await (await brokerStorage()).getTokens(provider);
    return {
      ...accountView(config, tokens),
      ...(tokens ? { accessToken: tokens.accessToken } : {}),
      ...(tokens?.idToken ? { idToken: tokens.idToken } : {}),
    };
  },

  listGrants: async ({ origin }) => listAccess(liveContext, origin),
  revokeGrant: async ({ origin, provider }) => {
    await revokeAccess(liveContext, origin, provider);
    return { revoked: true };
  },
  allowSite: async ({ origin, provider, scopes }) => {
    await grantAccess(liveContext, origin, provider, scopes);
    return { allowed: true };
  },
  addSite: async ({ origin }) => {
    await addBridgeSite(origin);
    return { added: true };
  },

  getConsentRequest: async ({ id }) => {
    const request = await getConsentRequest(id);
    if (!request) throw new LatchkeyError('invalid_request', 'This consent request has expired');
    const { windowId: _windowId, ...view } = request;
    return view;
  },
  answerConsent: async ({ id, allow }) => {
    if (typeof allow !== 'boolean')
      throw new LatchkeyError('invalid_request', 'allow must be a boolean');
    await answerConsent(await brokerStorage(), id, allow);
    return { recorded: true };
  },

  readLog: async ({ limit, origin }) => readLog(limit, origin),
};
