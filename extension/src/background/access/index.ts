// Access control in one place: which site may use which provider, with which scopes, and when the
// person is asked. The rest of the broker calls these entry points; the rules are in rules.ts, the
// consent window in consent.ts.
import { LatchkeyError, parseOrigin } from '@latchkey/core';
import type { GrantRecord } from '@latchkey/core';
import type { BrokerContext } from '../broker-context.js';
import { checkLoopback } from '../sender-origin.js';
import type { RegisteredProvider } from '../provider-registry.js';
import { checkGrant, isPreGranted, noAccessError, requestedScopes } from './rules.js';

export { answerConsent, consentWindowClosed } from './consent.js';
export { accountFor, checkResources, requestedScopes, userinfoFor } from './rules.js';

/** What a site may do with a provider. */
export interface Access {
  provider: RegisteredProvider;
  /**
   * The scopes the site may hold a token for: its grant's (a site allowed `openid` must not receive
   * the token another site signed in for with `api:write`); `undefined`, the session's, for a site
   * the extension's builder or policy pre-granted.
   */
  limit: string[] | undefined;
  /** The account (`sub`) the site's grant names; undefined: the provider's current account. */
  account?: string | undefined;
}

function accountOf(grant: GrantRecord | undefined): { account?: string } {
  return grant?.decision === 'allowed' && grant.account !== undefined
    ? { account: grant.account }
    : {};
}

function limitOf(
  provider: RegisteredProvider,
  origin: string,
  grant: GrantRecord | undefined,
): string[] | undefined {
  if (isPreGranted(provider, origin)) return undefined;
  return grant?.decision === 'allowed' ? grant.scopes : [];
}

/**
 * The site's access to a provider without asking anyone (getToken, userinfo, fetch, signOut). With
 * `scopes`, they must be within its grant; without, any grant will do (the token is limited to it).
 * No grant, or a denied one: `consent_required`, worded the same for both.
 */
export async function requireAccess(
  ctx: BrokerContext,
  origin: string,
  id: string,
  scopes?: readonly string[],
): Promise<Access> {
  const provider = await ctx.provider(id);
  const wanted = scopes === undefined ? [] : requestedScopes(provider.config, scopes);
  const grant = await (await ctx.storage()).getGrant(origin, id);
  if (checkGrant(grant, provider, origin, wanted).kind !== 'allowed') {
    throw noAccessError(origin, id);
  }
  return { provider, limit: limitOf(provider, origin, grant), ...accountOf(grant) };
}

/**
 * The site's access for `scopes` (default: the provider's), asking the person in the consent window
 * when the rules say so (signIn). A pending consent for the same site and provider is joined, not
 * repeated. "Deny", now or stored earlier: `consent_denied`.
 */
export async function ensureAccess(
  ctx: BrokerContext,
  origin: string,
  id: string,
  scopes?: readonly string[],
): Promise<Access & { scopes: string[] }> {
  // A joined consent may have been for fewer scopes: check again after it (at most a few rounds).
  for (let round = 0; round < 3; round++) {
    const provider = await ctx.provider(id);
    const wanted = requestedScopes(provider.config, scopes);
    const storage = await ctx.storage();
    const grant = await storage.getGrant(origin, id);
    const check = checkGrant(grant, provider, origin, wanted);
    if (check.kind === 'denied') throw denied(id);
    if (check.kind === 'allowed') {
      return {
        provider,
        limit: limitOf(provider, origin, grant),
        scopes: wanted,
        ...accountOf(grant),
      };
    }
    const allowed = await ctx.askConsent({
      kind: 'access',
      origin,
      provider: provider.config,
      scopes: check.scopes,
    });
    if (!allowed) throw denied(id);
  }
  throw new LatchkeyError('consent_required', `Access to ${id} was not settled`);
}

const denied = (id: string) => new LatchkeyError('consent_denied', `Access to ${id} was denied`);

/** The site's access to a provider if it has any, without asking (for `providers` and sign-out). */
export async function accessOf(
  ctx: BrokerContext,
  origin: string,
  provider: RegisteredProvider,
): Promise<Access | undefined> {
  const grant = await (await ctx.storage()).getGrant(origin, provider.config.id);
  if (checkGrant(grant, provider, origin, []).kind !== 'allowed') return undefined;
  return { provider, limit: limitOf(provider, origin, grant), ...accountOf(grant) };
}

/**
 * Every grant (of one origin, or all): the stored ones, and the pre-grants of preset and policy
 * providers' `allowedOrigins` (not stored) as `preset`/`policy` grants.
 */
export async function listAccess(ctx: BrokerContext, origin?: string): Promise<GrantRecord[]> {
  const stored = await (await ctx.storage()).listGrants(origin);
  const seen = new Set(stored.map((g) => `${g.origin} ${g.provider}`));
  const presets: GrantRecord[] = [];
  for (const p of await ctx.providers()) {
    for (const o of p.config.allowedOrigins ?? []) {
      const o2 = parseOrigin(o);
      if (!o2 || (origin && o2 !== origin) || seen.has(`${o2} ${p.config.id}`)) continue;
      if (!isPreGranted(p, o2)) continue;
      presets.push({
        origin: o2,
        provider: p.config.id,
        scopes: p.config.scopes ?? [],
        decision: 'allowed',
        by: p.source === 'policy' ? 'policy' : 'preset',
        at: 0,
      });
    }
  }
  return [...stored, ...presets];
}

/** The person allows a site from the options page: a grant of theirs, as if from the consent window. */
export async function grantAccess(
  ctx: BrokerContext,
  origin: string,
  id: string,
  scopes?: readonly string[],
): Promise<void> {
  const site = parseOrigin(origin);
  if (!site)
    throw new LatchkeyError('invalid_request', `${origin} is not an https or loopback origin`);
  const provider = await ctx.provider(id);
  const wanted = requestedScopes(provider.config, scopes);
  await (
    await ctx.storage()
  ).putGrant({
    origin: site,
    provider: id,
    scopes: wanted,
    decision: 'allowed',
    by: 'user',
    at: Date.now(),
  });
}

/**
 * Ends a site's access (the person in the options page, or the site's own signOut). A pre-grant
 * cannot be deleted: a stored denial overrides it.
 */
export async function revokeAccess(ctx: BrokerContext, origin: string, id: string): Promise<void> {
  const storage = await ctx.storage();
  const provider = await ctx.provider(id);
  if (isPreGranted(provider, origin)) {
    await storage.putGrant({
      origin,
      provider: id,
      scopes: [],
      decision: 'denied',
      by: 'user',
      at: Date.now(),
    });
  } else {
    await storage.deleteGrant(origin, id);
  }
  ctx.grantRevoked(origin, id);
}

/**
 * Names `account` in the site's grant (its sign-in chose it, or the person allowed the change): a
 * pre-granted site without a stored grant gets one, as its preset or policy would give it.
 */
export async function bindAccount(
  ctx: BrokerContext,
  origin: string,
  provider: RegisteredProvider,
  account: string,
): Promise<void> {
  const storage = await ctx.storage();
  const id = provider.config.id;
  const grant = await storage.getGrant(origin, id);
  if (grant?.decision === 'denied') return;
  const base: GrantRecord = grant ?? {
    origin,
    provider: id,
    scopes: provider.config.scopes ?? [],
    decision: 'allowed',
    by: provider.source === 'policy' ? 'policy' : 'preset',
    at: Date.now(),
  };
  if (grant?.account === account) return;
  await storage.putGrant({ ...base, account });
}
