import { expect } from 'vitest';
import { codeOf, tokenOf, type DevIdp, type Reply } from './extension-stack.js';

/**
 * Per-call RFC 8707 resources through the broker, one scenario for Chromium (playwright-core) and
 * Firefox (puppeteer-core): a resource outside the provider's `resourceOrigins` is refused before
 * the person is asked anything and before any request, and a token for resource A is never handed
 * out for resource B.
 */

/** The dev IdP's scopes for its API (`api:read`) besides the broker's usual ones. */
export const RESOURCE_SCOPES = ['openid', 'profile', 'offline_access', 'api:read'];

export interface ResourceDriver {
  /** The dev IdP: its APIs are the resources `<issuer>/api/…`, its request log counts. */
  idp: DevIdp;
  /** One page-protocol call from the site's page (the channel the browser gives it). */
  call(method: string, params: Record<string, unknown>): Promise<Reply>;
  /** `signIn` with `params` from the site: the person allows it and signs in at the dev IdP. */
  signIn(params: Record<string, unknown>): Promise<Reply>;
  /** Starts counting the windows and tabs the browser opens: the count since then. */
  countWindows(): () => number;
}

/** The claims of a JWT access token (the dev IdP issues JWTs for RFC 8707 resources). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) return {};
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const resources = (d: ResourceDriver) => ({
  a: `${d.idp.issuer}/api/a`,
  b: `${d.idp.issuer}/api/b`,
  outside: 'https://elsewhere.example/api',
});

/** Refused before any request, and before a consent window (the site need not have a grant). */
export async function refusedResourcesScenario(d: ResourceDriver): Promise<void> {
  const { a, outside } = resources(d);
  const windows = d.countWindows();
  const before = d.idp.requests.entries.length;
  for (const resource of [outside, [a, 'https://elsewhere.example/']]) {
    expect(codeOf(await d.call('signIn', { provider: 'dev', resource }))).toBe(
      'origin_not_allowed',
    );
  }
  expect(codeOf(await d.call('signIn', { provider: 'dev', audience: 'urn:other:api' }))).toBe(
    'origin_not_allowed',
  );
  expect(codeOf(await d.call('signIn', { provider: 'dev', resource: `${a}#x` }))).toBe(
    'invalid_request',
  );
  expect(d.idp.requests.entries.length).toBe(before);
  expect(windows()).toBe(0);
}

/**
 * A sign-in for resources A and B (provider `dev` with {@link RESOURCE_SCOPES}, no session yet):
 * each resource gets its own token, kept per resource; the session's token stays the session's.
 */
export async function perResourceTokensScenario(d: ResourceDriver): Promise<void> {
  const { a, b, outside } = resources(d);
  const session = tokenOf(
    await d.signIn({ provider: 'dev', scopes: RESOURCE_SCOPES, resource: [a, b] }),
  );
  expect(claimsOf(session).aud).not.toBe(a);

  const forA = tokenOf(await d.call('getToken', { provider: 'dev', resource: a }));
  const forB = tokenOf(await d.call('getToken', { provider: 'dev', resource: [b, b] }));
  expect(claimsOf(forA).aud).toBe(a);
  expect(claimsOf(forB).aud).toBe(b);
  expect(forB).not.toBe(forA);
  // Kept per resource: asking again gives each its own, the session's token stays the session's.
  const tokens = d.idp.requests.count('token');
  expect(tokenOf(await d.call('getToken', { provider: 'dev', resource: a }))).toBe(forA);
  expect(tokenOf(await d.call('getToken', { provider: 'dev', resource: b }))).toBe(forB);
  expect(tokenOf(await d.call('getToken', { provider: 'dev' }))).toBe(session);
  expect(d.idp.requests.count('token')).toBe(tokens);
  // Outside the resource origins: refused before any request, A's token not given instead.
  const before = d.idp.requests.entries.length;
  expect(codeOf(await d.call('getToken', { provider: 'dev', resource: outside }))).toBe(
    'origin_not_allowed',
  );
  expect(d.idp.requests.entries.length).toBe(before);
}
