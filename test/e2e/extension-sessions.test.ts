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
import {
  RESOURCE_SCOPES as WIDE,
  claimsOf,
  perResourceTokensScenario,
  refusedResourcesScenario,
  type ResourceDriver,
} from './support/resource-scenario.js';

// Issue 11 through the extension's broker, in real Chromium against the dev IdP: per-call RFC 8707
// resources limited to the provider's resource origins, silent re-authentication without any
// window, and RP-initiated logout through the login window. One stack, tests in order.
describe('extension: sessions through the broker', () => {
  let stack: ExtensionStack;
  let site: Page;
  let other: Page;
  /** Pages (windows, tabs) the browser opened since `since()` was called. */
  let opened: string[] = [];
  let pagesOpened = 0;
  const since = () => {
    opened = [];
  };
  const idpOrigin = () => new URL(stack.idp.issuer).origin;
  /** The query of the last authorization request the dev IdP received (resumes left out). */
  const lastAuthorization = (): URLSearchParams =>
    new URLSearchParams(
      stack.idp.requests
        .list('authorization')
        .filter((e) => !e.resume)
        .at(-1)?.query ?? '',
    );

  beforeAll(async () => {
    stack = await startExtensionStack();
    stack.browser.context.on('page', (p) => {
      opened.push(p.url());
      pagesOpened++;
    });
    await stack.saveProvider({ scopes: WIDE, silentReauth: true });
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

  const resources: ResourceDriver = {
    get idp() {
      return stack.idp;
    },
    call: (method, params) => stack.direct(site, method, params),
    signIn: async (params) => {
      const consent = stack.nextConsent();
      const reply = stack.direct(site, 'signIn', params);
      await (await consent).getByRole('button', { name: 'Allow' }).click();
      await stack.loginInNextWindow();
      return reply;
    },
    countWindows: () => {
      const start = pagesOpened;
      return () => pagesOpened - start;
    },
  };

  it("a resource outside the provider's resource origins is refused before any request", async () => {
    await refusedResourcesScenario(resources);
  });

  it('a token for resource A is never handed out for resource B', async () => {
    await perResourceTokensScenario(resources);
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
    // prompt=none; no id_token_hint here: the redefined provider dropped the session's id_token.
    expect(lastAuthorization().get('prompt')).toBe('none');
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
    expect(lastAuthorization().get('prompt')).toBe('none');
  });

  it('after the logout, the next sign-in shows the dev IdP login form', async () => {
    const loginWindow = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const reply = stack.direct(site, 'signIn', { provider: 'dev' });
    const page = await loginWindow;
    await page.locator('input[name="login"]').waitFor({ timeout: 15_000 });
    // The site's grant names alice since its first sign-in: the same account asks nothing.
    await loginAtDevIdp(page, idpOrigin(), 'alice@example.com');
    expect(await stack.apiStatus(tokenOf(await reply))).toBe(200);
  });

  type Session = { account: string; sites: string[] };
  const sessions = async () =>
    ((await stack.internal('listSessions', { provider: 'dev' })) as Session[])
      .map((x) => `${x.account}: ${x.sites.join(' ')}`)
      .sort();
  const subOf = async (page: Page) => {
    const reply = await stack.direct(page, 'getToken', { provider: 'dev' });
    return codeOf(reply) === 'ok'
      ? (reply as { result: { account?: { sub: string } } }).result.account?.sub
      : codeOf(reply);
  };

  it('two accounts side by side: each site uses the account its grant names', async () => {
    const login = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const reply = stack.direct(other, 'signIn', {
      provider: 'dev',
      scopes: SCOPES,
      prompt: 'login',
    });
    const page = await Promise.race([
      login,
      reply.then((r) => Promise.reject(new Error(JSON.stringify(r)))),
    ]);
    await loginAtDevIdp(page, idpOrigin(), 'bob@example.com');
    tokenOf(await reply);
    expect(await subOf(site)).toBe('alice@example.com');
    expect(await subOf(other)).toBe('bob@example.com');
    expect(await sessions()).toEqual([
      `alice@example.com: ${stack.pages.origin}`,
      `bob@example.com: ${stack.otherPages.origin}`,
    ]);
    // A site sees only its own account, and cannot name the other.
    expect(await stack.direct(site, 'accounts', { provider: 'dev' })).toMatchObject({
      ok: true,
      result: [{ account: 'alice@example.com', current: true }],
    });
    expect(
      codeOf(await stack.direct(site, 'getToken', { provider: 'dev', account: 'bob@example.com' })),
    ).toBe('no_session');
  });

  /**
   * The site signs in again as `account` (the login form, then the "Switch account?" window, which
   * the person answers with `answer`): the broker's reply and what the window said Allow does.
   */
  const switchAccount = async (account: string, answer: 'Allow' | 'Deny') => {
    const consent = stack.nextConsent();
    const login = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const reply = stack.direct(site, 'signIn', { provider: 'dev', prompt: 'login' });
    await loginAtDevIdp(await login, idpOrigin(), account);
    const window = await consent;
    await window.getByRole('heading', { name: 'Switch account?' }).waitFor();
    const effect = await window.getByTestId('consent-account-effect').textContent();
    await window.getByRole('button', { name: answer }).click();
    return { reply: await settled(reply), effect };
  };

  it('signing a site in as another account asks the person; Deny keeps its account', async () => {
    const { reply } = await switchAccount('bob@example.com', 'Deny');
    expect(codeOf(reply)).toBe('consent_denied');
    expect(await subOf(site)).toBe('alice@example.com');
    expect(await subOf(other)).toBe('bob@example.com');
  });

  it('signing a site in as another account asks the person; Allow moves that site alone to it', async () => {
    const revocations = stack.idp.requests.count('revocation');
    const { reply, effect } = await switchAccount('carol@example.com', 'Allow');
    // What the window says is what happens: this site moves, the others stay.
    expect(effect).toContain('switches this site to carol@example.com');
    expect(effect).toContain('other sites keep the accounts they use');
    const carol = tokenOf(reply);
    expect(await stack.apiStatus(carol)).toBe(200);
    expect(await subOf(site)).toBe('carol@example.com');
    expect(await subOf(other)).toBe('bob@example.com');
    // Alice's session stays (no site uses it now); nothing was revoked.
    expect(await sessions()).toEqual([
      'alice@example.com: ',
      `bob@example.com: ${stack.otherPages.origin}`,
      `carol@example.com: ${stack.pages.origin}`,
    ]);
    expect(stack.idp.requests.count('revocation')).toBe(revocations);

    // Back to alice (the next tests start from there), and carol signed out by the person.
    await switchAccount('alice@example.com', 'Allow');
    expect(await subOf(site)).toBe('alice@example.com');
    await stack.internal('signOutAccount', { provider: 'dev', account: 'carol@example.com' });
    expect(await stack.apiStatus(carol)).toBe(401);
    expect(await sessions()).toEqual([
      `alice@example.com: ${stack.pages.origin}`,
      `bob@example.com: ${stack.otherPages.origin}`,
    ]);
  });

  it("a site's signOut ends only its account's session", async () => {
    expect(codeOf(await stack.direct(other, 'signOut', { provider: 'dev' }))).toBe('ok');
    expect(await sessions()).toEqual([`alice@example.com: ${stack.pages.origin}`]);
    expect(await subOf(site)).toBe('alice@example.com');
    // The person signs the last account out from the extension's pages.
    await stack.internal('signOutAccount', { provider: 'dev', account: 'alice@example.com' });
    expect(await sessions()).toEqual([]);
  });

  it("silent re-authentication sends prompt=none with the lost session's id_token as id_token_hint", async () => {
    // Code exchanges answer without a refresh token, with a token said to live 8 s: the session
    // is lost once it expires, its id_token stays (the hint).
    stack.idp.setTamper((ctx) =>
      ctx.endpoint === 'token' && ctx.grantType === 'authorization_code'
        ? {
            rewriteJson: (json) => {
              const { refresh_token: _, ...rest } = json;
              return { ...rest, expires_in: 8 };
            },
          }
        : undefined,
    );
    try {
      // The provider's session is bob's: alice signs in again for the site her grant names.
      const login = stack.browser.context.waitForEvent('page', {
        timeout: 15_000,
        predicate: (p) => p.url().startsWith(idpOrigin()),
      });
      const reply = stack.direct(site, 'signIn', { provider: 'dev', prompt: 'login' });
      await loginAtDevIdp(await login, idpOrigin(), 'alice@example.com');
      const signedIn = await settled(reply);
      const first = tokenOf(signedIn);
      const { expiresAt } = (signedIn as unknown as { result: { expiresAt: number } }).result;
      await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 200));

      since();
      const authorizations = stack.idp.requests.count('authorization');
      const silent = await settled(stack.direct(site, 'getToken', { provider: 'dev' }));
      expect(tokenOf(silent)).not.toBe(first);
      expect(await stack.apiStatus(tokenOf(silent))).toBe(200);
      expect(stack.idp.requests.count('authorization')).toBe(authorizations + 1);
      expect(opened).toEqual([]);
      const sent = lastAuthorization();
      expect(sent.get('prompt')).toBe('none');
      expect(claimsOf(sent.get('id_token_hint') ?? '')).toMatchObject({
        sub: 'alice@example.com',
        aud: stack.idp.clientId,
      });
    } finally {
      stack.idp.setTamper(undefined);
    }
  });
});
