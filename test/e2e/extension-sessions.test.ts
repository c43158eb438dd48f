import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAtDevIdp } from './support/web-idp-login.js';
import {
  SCOPES,
  codeOf,
  settled,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

const WIDE = [...SCOPES, 'api:read'];

/** The claims of a JWT access token (the dev IdP issues JWTs for RFC 8707 resources). */
function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) return {};
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

// Issue 11 through the extension's broker, in real Chromium against the dev IdP: per-call RFC 8707
// resources limited to the provider's resource origins, silent re-authentication without any
// window, and RP-initiated logout through the login window. One stack, tests in order.
describe('extension: sessions through the broker', () => {
  let stack: ExtensionStack;
  let site: Page;
  let other: Page;
  let a: string;
  let b: string;
  /** Pages (windows, tabs) the browser opened since `since()` was called. */
  let opened: string[] = [];
  const since = () => {
    opened = [];
  };
  const idpOrigin = () => new URL(stack.idp.issuer).origin;

  beforeAll(async () => {
    stack = await startExtensionStack();
    stack.browser.context.on('page', (p) => void opened.push(p.url()));
    await stack.saveProvider({ scopes: WIDE, silentReauth: true });
    a = `${stack.idp.issuer}/api/a`;
    b = `${stack.idp.issuer}/api/b`;
    site = await stack.open(stack.pages.pageUrl());
    other = await stack.open(stack.otherPages.pageUrl());
    await stack.internal('allowSite', {
      origin: stack.otherPages.origin,
      provider: 'dev',
      scopes: SCOPES,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a resource outside the provider's resource origins is refused before any request", async () => {
    const before = stack.idp.requests.entries.length;
    for (const resource of ['https://elsewhere.example/api', [a, 'https://elsewhere.example/']]) {
      expect(codeOf(await stack.direct(site, 'signIn', { provider: 'dev', resource }))).toBe(
        'origin_not_allowed',
      );
    }
    expect(
      codeOf(await stack.direct(site, 'signIn', { provider: 'dev', audience: 'urn:other:api' })),
    ).toBe('origin_not_allowed');
    expect(
      codeOf(await stack.direct(site, 'signIn', { provider: 'dev', resource: `${a}#x` })),
    ).toBe('invalid_request');
    expect(stack.idp.requests.entries.length).toBe(before);
    expect(opened.filter((u) => u.includes('/src/consent/'))).toEqual([]);
  });

  it('a token for resource A is never handed out for resource B', async () => {
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', { provider: 'dev', scopes: WIDE, resource: [a, b] });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    const session = tokenOf(await reply);
    expect(claimsOf(session).aud).not.toBe(a);

    const forA = tokenOf(await stack.direct(site, 'getToken', { provider: 'dev', resource: a }));
    const forB = tokenOf(
      await stack.direct(site, 'getToken', { provider: 'dev', resource: [b, b] }),
    );
    expect(claimsOf(forA).aud).toBe(a);
    expect(claimsOf(forB).aud).toBe(b);
    expect(forB).not.toBe(forA);
    // Kept per resource: asking again gives each its own, the session's token stays the session's.
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    expect(tokenOf(await stack.direct(site, 'getToken', { provider: 'dev', resource: a }))).toBe(
      forA,
    );
    expect(tokenOf(await stack.direct(site, 'getToken', { provider: 'dev', resource: b }))).toBe(
      forB,
    );
    expect(tokenOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe(session);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes);
    // Outside the resource origins: refused before any request, A's token not given instead.
    const before = stack.idp.requests.entries.length;
    expect(
      codeOf(
        await stack.direct(site, 'getToken', {
          provider: 'dev',
          resource: 'https://elsewhere.example/api',
        }),
      ),
    ).toBe('origin_not_allowed');
    expect(stack.idp.requests.entries.length).toBe(before);
  });

  it('silent re-authentication: the session is lost, the provider session lives → a token, no window', async () => {
    // The broker's session is lost while the provider's session and grant live: the provider's
    // config changes what the tokens may be sent to, so core drops them unrevoked.
    await stack.saveProvider({
      scopes: WIDE,
      silentReauth: true,
      resourceOrigins: [idpOrigin(), 'https://api.example'],
    });
    expect(await stack.internal('tokenDetails', { provider: 'dev' })).toMatchObject({
      signedIn: false,
    });
    // Grants end with the provider's definition too: the person allows both sites again.
    for (const [origin, scopes] of [
      [stack.pages.origin, WIDE],
      [stack.otherPages.origin, SCOPES],
    ] as const) {
      await stack.internal('allowSite', { origin, provider: 'dev', scopes });
    }
    const codes = stack.idp.requests.count('token', 'authorization_code');
    const interactions = stack.idp.requests.count('interaction');
    since();
    const reply = await settled(stack.direct(other, 'getToken', { provider: 'dev' }));
    const token = tokenOf(reply);
    expect(await stack.apiStatus(token)).toBe(200);
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(codes + 1);
    expect(stack.idp.requests.count('interaction')).toBe(interactions);
    expect(opened).toEqual([]);
  });

  it('signOut with endSession revokes, ends the provider session; silent re-authentication then answers login_required at once', async () => {
    const revocations = stack.idp.requests.count('revocation');
    const logoutWindow = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const reply = stack.direct(site, 'signOut', { provider: 'dev', endSession: true });
    const page = await logoutWindow;
    // Revocation came first and never waits for the logout page.
    await expect.poll(() => stack.idp.requests.count('revocation')).toBeGreaterThan(revocations);
    await page.locator('button[name="logout"]').click();
    expect(await settled(reply)).toMatchObject({ ok: true, result: { signedOut: true } });
    await expect.poll(() => page.isClosed()).toBe(true);

    // The other site's session is gone too, and so is the provider's: login_required, no window.
    since();
    const authorizations = stack.idp.requests.count('authorization');
    const started = Date.now();
    expect(codeOf(await settled(stack.direct(other, 'getToken', { provider: 'dev' })))).toBe(
      'login_required',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.idp.requests.count('authorization')).toBe(authorizations + 1);
    expect(opened).toEqual([]);
  });

  it('after the logout, the next sign-in shows the dev IdP login form', async () => {
    const loginWindow = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const reply = stack.direct(site, 'signIn', { provider: 'dev' });
    const page = await loginWindow;
    await page.locator('input[name="login"]').waitFor({ timeout: 15_000 });
    await loginAtDevIdp(page, idpOrigin(), 'bob@example.com');
    expect(await stack.apiStatus(tokenOf(await reply))).toBe(200);
  });
});
