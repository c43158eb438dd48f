import { LatchkeyError, PROTOCOL_VERSION, parseOrigin } from '@latchkey/core';
import type {
  AccountInfo,
  BrokerAuthorizationParams,
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
  bindAccount,
  checkResources,
  ensureAccess,
  requestedScopes,
  requireAccess,
  userinfoFor,
  type Access,
} from './access/index.js';
import { authorizationParams, postLogoutRedirectUri, type FlowOptions } from './auth-flow.js';
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

/** What a site's call asks of its token. */
interface TokenWant {
  scopes?: string[] | undefined;
  minValidity?: number | undefined;
  /** RFC 8707 resources (checked against the provider's `resourceOrigins` before this). */
  resource?: string[] | undefined;
  maxAge?: number | undefined;
  acrValues?: string[] | undefined;
  /** The account whose session (see {@link siteAccount}); undefined: the provider's current. */
  account?: string | undefined;
}

/**
 * The account a site's call uses: the one its grant names (its sign-in chose it). A call naming
 * another account gets `no_session`, worded as for an account without a session, so that a site
 * cannot learn which other accounts the person holds. A grant that names none (a pre-grant, or a
 * grant from before accounts) uses the provider's current account, and may name only that one.
 */
async function siteAccount(
  ctx: BrokerContext,
  access: Access,
  asked: string | undefined,
): Promise<string | undefined> {
  const id = access.provider.config.id;
  const own =
    access.account ??
    (asked === undefined ? undefined : await (await ctx.storage()).getCurrentAccount(id));
  if (asked !== undefined && asked !== own) {
    throw new LatchkeyError('no_session', `No session of that account for ${id}`);
  }
  return access.account ?? asked;
}

/**
 * The token a site gets, from one read of the session (core's `getToken`): the session's, or — when
 * the session carries scopes beyond the site's grant — one narrowed to the scopes asked for, else to
 * the grant's scopes the session has (RFC 6749 §6). With `resource`, core's token for exactly those
 * resources (RFC 8707 §2.2; never another resource's), which cannot be narrowed: its scopes must be
 * within the grant. A site that signed itself out gets `login_required` until it signs in again.
 */
async function tokenForSite(
  { ctx, origin }: PageCall,
  { provider, limit }: Access,
  want: TokenWant = {},
): Promise<TokenInfo> {
  const id = provider.config.id;
  if (await ctx.siteSessions.isSignedOut(origin, id)) {
    throw new LatchkeyError('login_required', `${origin} signed out of ${id}: sign in again`);
  }
  const { scopes, minValidity } = want;
  const client = await ctx.client();
  const options: Parameters<typeof client.getToken>[1] & object = {};
  if (scopes) options.scopes = scopes;
  if (minValidity !== undefined) options.minValidity = minValidity;
  if (want.resource) options.resource = want.resource;
  if (want.maxAge !== undefined) options.maxAge = want.maxAge;
  if (want.acrValues) options.acrValues = want.acrValues;
  if (want.account !== undefined) options.account = want.account;
  const session = await client.getToken(id, options).catch((error: unknown) => {
    // The site's own account has no session (any more): for the site, a sign-in is needed.
    if (error instanceof LatchkeyError && error.code === 'no_session') {
      throw new LatchkeyError('login_required', `No session for ${id}: sign in`, { cause: error });
    }
    throw error;
  });
  if (limit === undefined || session.scopes.every((s) => limit.includes(s))) return session;
  if (want.resource) {
    throw new LatchkeyError(
      'consent_required',
      `The token for ${want.resource.join(' ')} carries scopes ${origin} may not use: sign in asking for them`,
    );
  }
  const wanted = scopes ?? limit.filter((s) => session.scopes.includes(s));
  if (wanted.length === 0) {
    throw new LatchkeyError(
      'login_required',
      `The session for ${id} has none of the scopes ${origin} may use: sign in again`,
    );
  }
  return client.getScopedToken(id, wanted, {
    ...(minValidity !== undefined && { minValidity }),
    ...(want.account !== undefined && { account: want.account }),
  });
}

/**
 * Whether a `login_required` means the session is gone for good here: no session, or one whose
 * access token cannot be renewed (no refresh token). A session that only lacks scopes, `auth_time`
 * or `acr` is not: silent re-authentication is for a lost session, not for asking more.
 */
async function sessionLost(
  ctx: BrokerContext,
  id: string,
  account: string | undefined,
): Promise<boolean> {
  const record = await (await ctx.storage()).getTokens(id, account);
  return record === undefined || record.refreshToken === undefined;
}

/**
 * A site's token, with silent re-authentication when the session is lost (no session, no refresh
 * token, or the refresh was refused with `invalid_grant`) and the provider has `silentReauth: true`:
 * one `prompt=none` flow without any window (joined by concurrent calls); the provider's
 * `login_required` (its session is gone too) comes back at once. A site that signed itself out is
 * never signed back in silently.
 * @see OpenID Connect Core 1.0 §3.1.2.1 (prompt=none)
 */
async function tokenOrSilent(
  call: PageCall,
  access: Access,
  want: TokenWant,
  params: BrokerAuthorizationParams,
): Promise<TokenInfo> {
  const { ctx, origin } = call;
  const { config } = access.provider;
  try {
    return await tokenForSite(call, access, want);
  } catch (error) {
    if (
      !(error instanceof LatchkeyError) ||
      error.code !== 'login_required' ||
      config.silentReauth !== true ||
      (await ctx.siteSessions.isSignedOut(origin, config.id)) ||
      !(await sessionLost(ctx, config.id, want.account))
    ) {
      throw error;
    }
  }
  const storage = await ctx.storage();
  const before = await storage.getTokens(config.id, want.account);
  const had = new Set((await storage.listTokens(config.id)).map((r) => r.account));
  const options: FlowOptions = {
    // The lost session's id_token is the hint while it is still stored (no refresh token).
    ...(want.account !== undefined && before && { account: want.account }),
    // What the session had and what this site may use: the provider's consent covers both.
    scopes: [
      ...new Set([
        ...(before?.scopes ?? []),
        ...(want.scopes ?? access.limit ?? requestedScopes(config)),
      ]),
    ],
    ...authorizationParams(params),
  };
  delete options.prompt;
  const info = (await joinFlow(['silent', config.id], options, () =>
    ctx.runSilentAuthFlow(access.provider, options),
  )) as TokenInfo;
  const sub = info.account?.sub ?? '';
  if (want.account !== undefined && sub !== want.account) {
    // The provider's session is another account's: never switch a site's account silently.
    if (!had.has(sub)) {
      await (await ctx.client()).signOut(config.id, { account: sub }).catch(() => undefined);
    }
    throw new LatchkeyError('login_required', `No session for ${config.id}: sign in`);
  }
  ctx.notify(config.id, 'tokenChanged');
  return tokenForSite(call, access, want);
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
            ? await client
                .getTokenInfo(
                  config.id,
                  access.account === undefined ? {} : { account: access.account },
                )
                .catch(() => undefined)
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

  // Never opens a window: no grant → consent_required, no session → login_required (after a
  // silent re-authentication where the provider allows it, which shows no window either).
  getToken: async (params, call) => {
    const { provider, scopes, minValidity, resource, maxAge, acrValues } = params;
    const access = await requireAccess(call.ctx, call.origin, provider, scopes);
    checkResources(access.provider.config, params);
    const account = await siteAccount(call.ctx, access, params.account);
    const want = { scopes, minValidity, resource, maxAge, acrValues, account };
    return pageToken(await tokenOrSilent(call, access, want, params), access.limit);
  },

  signIn: async (params, call) => {
    const { provider, scopes } = params;
    const { ctx, origin } = call;
    // Refused before the person is asked anything.
    checkResources((await ctx.provider(provider)).config, params);
    const access = await ensureAccess(ctx, origin, provider, scopes);
    const id = access.provider.config.id;
    const client = await ctx.client();
    // A session may serve several sites: sign in for the union of its scopes and this site's, so
    // that one site's sign-in never narrows the others'.
    const current = await client
      .getTokenInfo(id, access.account === undefined ? {} : { account: access.account })
      .catch(() => undefined);
    const options: FlowOptions = {
      scopes: [...new Set([...(current?.scopes ?? []), ...access.scopes])],
      ...authorizationParams(params),
    };
    // Naming an account: the provider is asked to propose it (OIDC login_hint) unless told otherwise.
    if (params.account && !options.loginHint) {
      const known = (await client.listAccounts(id)).find((a) => a.account === params.account);
      const hint = known?.email ?? known?.preferredUsername;
      if (hint) options.loginHint = hint;
    }
    const had = new Set((await (await ctx.storage()).listTokens(id)).map((r) => r.account));
    const info = (await joinFlow(['signIn', id], options, () =>
      ctx.runAuthFlow(access.provider, options),
    )) as TokenInfo;
    await confirmSiteAccount(call, access, info, had);
    await ctx.siteSessions.signedIn(origin, id);
    ctx.notify(id, 'tokenChanged');
    // The grant as consent left it; not `scopes`: the server may have granted fewer (RFC 6749 §3.3).
    const granted = await requireAccess(ctx, origin, id);
    // With one resource, the token for it (RFC 8707 §2.2); with several, each comes from getToken.
    const resource = params.resource?.length === 1 ? params.resource : undefined;
    return pageToken(
      await tokenForSite(call, granted, {
        ...(resource && { resource }),
        account: granted.account,
      }),
      granted.limit,
    );
  },

  // A site ends its own use of the session; the session itself ends only when no other site may use
  // it (the person's full sign-out is in the popup and options page). With `endSession` the person
  // is signed out at the provider, which ends that session for every site: the tokens are revoked
  // first (core's signOut), then the provider's end-session page opens in a login window.
  signOut: async ({ provider, endSession, account: asked }, { origin, ctx }) => {
    const access = await requireAccess(ctx, origin, provider);
    // The site's own account only (`allAccounts`: every account the site may use, which is that one).
    const storage = await ctx.storage();
    const account =
      (await siteAccount(ctx, access, asked)) ?? (await storage.getCurrentAccount(provider));
    await ctx.siteSessions.signedOut(origin, provider);
    if (account === undefined) {
      ctx.notifySite(origin, 'signedOut', provider);
      return { signedOut: true };
    }
    if (!endSession && (await othersMayUse(ctx, origin, provider, account))) {
      ctx.notifySite(origin, 'signedOut', provider);
      return { signedOut: true };
    }
    const client = await ctx.client();
    if (!endSession) {
      await client.signOut(provider, { account });
      ctx.notify(provider, 'signedOut');
      return { signedOut: true };
    }
    const back = postLogoutRedirectUri(access.provider);
    const result = await client.signOut(provider, {
      account,
      endSession: true,
      ...(back !== undefined && { postLogoutRedirectUri: back }),
    });
    ctx.notify(provider, 'signedOut');
    if (result?.endSessionUrl) {
      await ctx.runEndSession(access.provider, result.endSessionUrl, result.state);
    }
    return { signedOut: true };
  },

  // The accounts this site may use: its grant's (else the provider's current one), told only to a
  // site with access that has not signed itself out, with only the claims its scopes cover.
  accounts: async ({ provider }, { origin, ctx }) => {
    const access = await requireAccess(ctx, origin, provider);
    if (await ctx.siteSessions.isSignedOut(origin, provider)) return [];
    const all = await (await ctx.client()).listAccounts(provider);
    const mine = all.find((a) =>
      access.account === undefined ? a.current : a.account === access.account,
    );
    if (!mine) return [];
    const info: AccountInfo = { sub: mine.account };
    if (mine.name !== undefined) info.name = mine.name;
    if (mine.email !== undefined) info.email = mine.email;
    const account = accountFor(info, access.limit);
    return [
      {
        provider,
        account: account.sub,
        ...(account.name !== undefined && { name: account.name }),
        ...(account.email !== undefined && { email: account.email }),
        current: true,
      },
    ];
  },

  userinfo: async ({ provider, account: asked }, call) => {
    const access = await requireAccess(call.ctx, call.origin, provider);
    const account = await siteAccount(call.ctx, access, asked);
    const { scopes } = await tokenForSite(call, access, { account });
    const claims = await (
      await call.ctx.client()
    ).userinfo(provider, { scopes, ...(account !== undefined && { account }) });
    return userinfoFor(claims, access.limit);
  },

  fetch: async (params, call) => {
    const access = await requireAccess(call.ctx, call.origin, params.provider);
    const account = await siteAccount(call.ctx, access, params.account);
    return tokenFetch(
      call.ctx,
      access.provider,
      params,
      () => tokenForSite(call, access, { account }),
      account,
    );
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
 * The account a site's sign-in came back with. The site's first sign-in names it in its grant. When
 * the grant already names another account, the person is asked (consent window, `kind: 'account'`)
 * and the site's account stays the provider's current one meanwhile: allowed, the grant moves to the
 * new account; refused, the site gets `consent_denied` and keeps its account, and a session the
 * sign-in added (an account no one had signed in with) is revoked and forgotten. Other sites keep
 * their accounts either way.
 */
async function confirmSiteAccount(
  { ctx, origin }: PageCall,
  access: Access,
  info: TokenInfo,
  had: ReadonlySet<string>,
): Promise<void> {
  const { config } = access.provider;
  const id = config.id;
  const sub = info.account?.sub ?? '';
  const storage = await ctx.storage();
  const client = await ctx.client();
  const grant = await storage.getGrant(origin, id);
  const from = grant?.decision === 'allowed' ? grant.account : undefined;
  if (from !== undefined && from !== sub) {
    const before = await storage.getTokens(id, from);
    if (before) await client.selectAccount(id, from).catch(() => undefined);
    const allowed = await ctx.askConsent({
      kind: 'account',
      origin,
      provider: config,
      scopes: info.scopes,
      accountChange: {
        from: before ? accountOfRecord(before) : { sub: from },
        to: info.account ?? { sub },
      },
    });
    if (!allowed) {
      // The refused session's tokens are not kept anywhere: revoked, best effort (RFC 7009).
      if (!had.has(sub)) await client.signOut(id, { account: sub }).catch(() => undefined);
      throw new LatchkeyError(
        'consent_denied',
        `Signing in to ${id} as another account was not allowed`,
      );
    }
    await client.selectAccount(id, sub).catch(() => undefined);
  }
  await bindAccount(ctx, origin, access.provider, sub);
}

/**
 * Sign-ins in progress, by provider and options: a `signIn` asking for the same thing while one runs
 * joins it instead of opening another login window. Dies with the worker, as the waiters do.
 */
const flows = new Map<string, Promise<unknown>>();

function joinFlow(
  id: readonly string[],
  options: object,
  run: () => Promise<unknown>,
): Promise<unknown> {
  const key = JSON.stringify([...id, options]);
  let flow = flows.get(key);
  if (!flow) {
    flow = run().finally(() => flows.delete(key));
    flows.set(key, flow);
  }
  return flow;
}

/**
 * Whether a site other than `origin` may use `account`'s session of `provider` (its grant names
 * that account, or names none and it is the current one) and has not signed itself out.
 */
async function othersMayUse(
  ctx: BrokerContext,
  origin: string,
  provider: string,
  account: string,
): Promise<boolean> {
  const p = await ctx.provider(provider);
  const storage = await ctx.storage();
  const current = await storage.getCurrentAccount(provider);
  const candidates = new Set((await storage.listGrants()).map((g) => g.origin));
  for (const o of p.config.allowedOrigins ?? []) {
    const parsed = parseOrigin(o);
    if (parsed) candidates.add(parsed);
  }
  for (const other of candidates) {
    if (other === origin) continue;
    const access = await accessOf(ctx, other, p);
    if (!access) continue;
    if ((access.account ?? current) !== account) continue;
    if (!(await ctx.siteSessions.isSignedOut(other, provider))) return true;
  }
  return false;
}
