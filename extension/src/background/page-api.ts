import { LatchkeyError, PROTOCOL_VERSION, parseOrigin } from '@latchkey/core';
import type {
  AccountInfo,
  BrokerMethod,
  BrokerParams,
  BrokerResult,
  PageTokenInfo,
  TokenInfo,
  TokenRecord,
} from '@latchkey/core';
import {
  accessOf,
  accountFor,
  ensureAccess,
  requireAccess,
  userinfoFor,
  type Access,
} from './access/index.js';
import type { BrokerContext } from './broker-context.js';
import type { RegisteredProvider } from './provider-registry.js';
import { tokenFetch } from './token-fetch.js';
import { browser } from '../platform/index.js';

export { MAX_FETCH_RESPONSE_BYTES } from './token-fetch.js';

/** Who is calling (the origin comes from the browser's `sender`, never from the message) and with what. */
export interface PageCall {
  origin: string;
  ctx: BrokerContext;
}

type Handlers = {
  [M in BrokerMethod]: (params: BrokerParams<M>, call: PageCall) => Promise<BrokerResult<M>>;
};

/**
 * A page receives the access token and what it may know about the account: the claims its scopes
 * cover (`sub` alone for `openid`); never the refresh or id token.
 */
function pageToken(info: TokenInfo, limit: string[] | undefined): PageTokenInfo {
  const out: PageTokenInfo = {
    provider: info.provider,
    accessToken: info.accessToken,
    tokenType: info.tokenType,
    scopes: info.scopes,
  };
  if (info.expiresAt !== undefined) out.expiresAt = info.expiresAt;
  if (info.account) out.account = accountFor(info.account, limit);
  return out;
}

/**
 * The token a site gets, from one read of the session (core's `getToken`): the session's, or — when
 * the session carries scopes beyond the site's grant — one narrowed to the scopes asked for, else to
 * the grant's scopes the session has (RFC 6749 §6). A site that signed itself out gets
 * `login_required` until it signs in again.
 */
async function tokenForSite(
  { ctx, origin }: PageCall,
  { provider, limit }: Access,
  scopes?: string[],
  minValidity?: number,
): Promise<TokenInfo> {
  const id = provider.config.id;
  if (await ctx.siteSessions.isSignedOut(origin, id)) {
    throw new LatchkeyError('login_required', `${origin} signed out of ${id}: sign in again`);
  }
  const client = await ctx.client();
  const options: { scopes?: string[]; minValidity?: number } = {};
  if (scopes) options.scopes = scopes;
  if (minValidity !== undefined) options.minValidity = minValidity;
  const session = await client.getToken(id, options);
  if (limit === undefined || session.scopes.every((s) => limit.includes(s))) return session;
  const wanted = scopes ?? limit.filter((s) => session.scopes.includes(s));
  if (wanted.length === 0) {
    throw new LatchkeyError(
      'login_required',
      `The session for ${id} has none of the scopes ${origin} may use: sign in again`,
    );
  }
  return client.getScopedToken(id, wanted, minValidity === undefined ? {} : { minValidity });
}

/**
 * The page-facing protocol (docs/architecture.md, "The page ↔ extension protocol"); the handler object is the
 * protocol. Every params object was validated by `parseBrokerRequest` before it gets here; who may
 * do what is decided in `access/`.
 */
export const pageHandlers: Handlers = {
  hello: async () => ({ version: PROTOCOL_VERSION, extensionId: browser.runtime.id }),

  providers: async (_params, { origin, ctx }) => {
    const client = await ctx.client();
    return Promise.all(
      (await ctx.providers()).map(async (p) => {
        const { config } = p;
        const access = await accessOf(ctx, origin, p);
        // Whether the user has a session, and with which account, is told only to a site allowed
        // to use the provider: to any other it would say which services the user signs in to.
        const info =
          access && !(await ctx.siteSessions.isSignedOut(origin, config.id))
            ? await client.getTokenInfo(config.id).catch(() => undefined)
            : undefined;
        return {
          id: config.id,
          ...(config.name ? { name: config.name } : {}),
          scopes: config.scopes ?? [],
          granted: access !== undefined,
          signedIn: info !== undefined,
          ...(info?.account && access ? { account: accountFor(info.account, access.limit) } : {}),
        };
      }),
    );
  },

  // Never opens a window: no grant → consent_required, no session → login_required.
  getToken: async ({ provider, scopes, minValidity }, call) => {
    const access = await requireAccess(call.ctx, call.origin, provider, scopes);
    return pageToken(await tokenForSite(call, access, scopes, minValidity), access.limit);
  },

  signIn: async ({ provider, scopes, prompt, loginHint }, call) => {
    const { ctx, origin } = call;
    const access = await ensureAccess(ctx, origin, provider, scopes);
    const id = access.provider.config.id;
    // The session serves every granted site: sign in for the union of its scopes and this site's,
    // so that one site's sign-in never narrows the others'.
    const current = await (await ctx.client()).getTokenInfo(id).catch(() => undefined);
    const options: { scopes: string[]; prompt?: string; loginHint?: string } = {
      scopes: [...new Set([...(current?.scopes ?? []), ...access.scopes])],
    };
    if (prompt) options.prompt = prompt;
    if (loginHint) options.loginHint = loginHint;
    await joinFlow(id, options, async () => {
      const before = await (await ctx.storage()).getTokens(id);
      await ctx.runAuthFlow(access.provider, options);
      await confirmAccountChange(call, access.provider, before);
    });
    await ctx.siteSessions.signedIn(origin, id);
    ctx.notify(id, 'tokenChanged');
    // The grant as consent left it; not `scopes`: the server may have granted fewer (RFC 6749 §3.3).
    const granted = await requireAccess(ctx, origin, id);
    return pageToken(await tokenForSite(call, granted), granted.limit);
  },

  // A site ends its own use of the session; the session itself ends only when no other site may use
  // it (the person's full sign-out is in the popup and options page).
  signOut: async ({ provider }, { origin, ctx }) => {
    await requireAccess(ctx, origin, provider);
    await ctx.siteSessions.signedOut(origin, provider);
    if (await othersMayUse(ctx, origin, provider)) {
      ctx.notifySite(origin, 'signedOut', provider);
    } else {
      // Every account: sites see one session per provider (the one they were last allowed).
      await (await ctx.client()).signOut(provider, { allAccounts: true });
      ctx.notify(provider, 'signedOut');
    }
    return { signedOut: true };
  },

  userinfo: async ({ provider }, call) => {
    const access = await requireAccess(call.ctx, call.origin, provider);
    const { scopes } = await tokenForSite(call, access);
    const claims = await (await call.ctx.client()).userinfo(provider, { scopes });
    return userinfoFor(claims, access.limit);
  },

  fetch: async (params, call) => {
    const access = await requireAccess(call.ctx, call.origin, params.provider);
    return tokenFetch(call.ctx, access.provider, params, () => tokenForSite(call, access));
  },
};

/** What a site's consent window shows of an account: the stored session's `sub` and claims. */
function accountOfRecord(record: TokenRecord): AccountInfo {
  const claims = record.claims ?? {};
  const text = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  const out: AccountInfo = { sub: record.account };
  const name = text('name');
  const email = text('email');
  const preferredUsername = text('preferred_username');
  if (name) out.name = name;
  if (email) out.email = email;
  if (preferredUsername) out.preferredUsername = preferredUsername;
  return out;
}

/**
 * A site's sign-in came back with another account (another `sub`) than the session every site uses:
 * the session from before is put back at once, and the new one replaces it only when the person
 * allows it in the consent window (`kind: 'account'`); otherwise the site gets `consent_denied` and
 * every site keeps the account it had; the refused new session's tokens are revoked (best effort).
 */
async function confirmAccountChange(
  { ctx, origin }: PageCall,
  provider: RegisteredProvider,
  before: TokenRecord | undefined,
): Promise<void> {
  if (!before?.account) return;
  const storage = await ctx.storage();
  const after = await storage.getTokens(provider.config.id);
  if (!after?.account || after.account === before.account) return;
  // The new account's session was added beside the old one: the old one is current again.
  await storage.putTokens(before, { makeCurrent: true });
  const allowed = await ctx.askConsent({
    kind: 'account',
    origin,
    provider: provider.config,
    scopes: after.scopes,
    accountChange: { from: accountOfRecord(before), to: accountOfRecord(after) },
  });
  if (!allowed) {
    // The refused session's tokens are not kept anywhere: revoked, best effort (RFC 7009).
    await storage.deleteTokens(provider.config.id, after.account);
    await (
      await ctx.client()
    )
      .revokeTokens(provider.config.id, {
        refreshToken: after.refreshToken,
        accessToken: after.accessToken,
      })
      .catch(() => undefined);
    throw new LatchkeyError(
      'consent_denied',
      `Signing in to ${provider.config.id} as another account was not allowed`,
    );
  }
  await storage.putTokens(after, { makeCurrent: true });
}

/**
 * Sign-ins in progress, by provider and options: a `signIn` asking for the same thing while one runs
 * joins it instead of opening another login window. Dies with the worker, as the waiters do.
 */
const flows = new Map<string, Promise<unknown>>();

function joinFlow(id: string, options: object, run: () => Promise<unknown>): Promise<unknown> {
  const key = JSON.stringify([id, options]);
  let flow = flows.get(key);
  if (!flow) {
    flow = run().finally(() => flows.delete(key));
    flows.set(key, flow);
  }
  return flow;
}

/** Whether a site other than `origin` may use `provider` and has not signed itself out. */
async function othersMayUse(
  ctx: BrokerContext,
  origin: string,
  provider: string,
): Promise<boolean> {
  const p = await ctx.provider(provider);
  const storage = await ctx.storage();
  const candidates = new Set((await storage.listGrants()).map((g) => g.origin));
  for (const o of p.config.allowedOrigins ?? []) {
    const parsed = parseOrigin(o);
    if (parsed) candidates.add(parsed);
  }
  for (const other of candidates) {
    if (other === origin) continue;
    if (!(await accessOf(ctx, other, p))) continue;
    if (!(await ctx.siteSessions.isSignedOut(other, provider))) return true;
  }
  return false;
}
