import type { TamperHook } from '@latchkey/dev-idp';
import type { Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { codeOf, settled, tokenOf, type Reply } from '../e2e/support/extension-stack.js';
import {
  RESOURCE_SCOPES,
  claimsOf,
  perResourceTokensScenario,
  refusedResourcesScenario,
  type ResourceDriver,
} from '../e2e/support/resource-scenario.js';
import { clickWhenThere, showsLoginForm, sleep, waitEval } from './support/firefox.js';
import {
  SCOPES,
  loginAtDevIdp,
  startFirefoxStack,
  type FirefoxStack,
} from './support/firefox-stack.js';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

const subOf = (reply: Reply): string | undefined =>
  codeOf(reply) === 'ok'
    ? (reply as { result: { account?: { sub: string } } }).result.account?.sub
    : codeOf(reply);

// Issue 11 in Firefox, through the bridge (a site has no other channel here): several accounts of
// one provider, RP-initiated logout through launchWebAuthFlow, silent re-authentication (Firefox's
// background request of the authorize URL, never a window), per-call RFC 8707 resources. One
// Firefox for the file; the extension is installed afresh for every case. The resources are the
// Chromium scenario (test/e2e/support/resource-scenario.ts); the rest differs in Firefox.
describe('Firefox: sessions through the broker', () => {
  let stack: FirefoxStack;
  let site: Page;
  /** Pages (windows, tabs) Firefox opened since `since()` was called. */
  let opened = 0;
  const since = (): void => {
    opened = 0;
  };
  const onTarget = (t: Target): void => {
    if (t.type() === 'page') opened++;
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
  const endSessionRequests = () =>
    stack.idp.requests.entries.filter((e) => e.path.startsWith('/session/end')).length;

  /** `signIn` from `page` on a site already allowed, signed in as `login` in the login window. */
  const signIn = async (
    page: Page,
    params: Record<string, unknown> = {},
    login = ALICE,
  ): Promise<Reply> => {
    const window = stack.nextLoginWindow();
    const reply = stack.bridge(page, 'signIn', { provider: 'dev', ...params });
    const win = await Promise.race([
      window,
      reply.then((r) => Promise.reject(new Error(`no login window: ${JSON.stringify(r)}`))),
    ]);
    await loginAtDevIdp(win, idpOrigin(), login);
    return settled(reply);
  };

  beforeAll(async () => {
    stack = await startFirefoxStack({ extensionDir: inject('firefoxExtensionDir') });
    stack.browser.on('targetcreated', onTarget);
  });
  afterAll(async () => {
    stack?.browser.off('targetcreated', onTarget);
    await stack?.close();
  });
  beforeEach(async () => {
    stack.idp.setTamper(undefined);
    await stack.reinstall();
    site = await stack.openPage();
  });

  it('two accounts side by side: each site gets its own account, by name too; one signs out, the other stays', async () => {
    await stack.saveProvider();
    const otherUrl = stack.pages.pageUrl('localhost');
    const otherOrigin = new URL(otherUrl).origin;
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    await stack.internal('addSite', { origin: otherOrigin });
    await stack.internal('allowSite', { origin: otherOrigin, provider: 'dev', scopes: SCOPES });
    const other = await stack.openPage(otherUrl);

    const aliceToken = tokenOf(await signIn(site));
    // A second account: the IdP still knows alice, prompt=login makes it ask who signs in.
    const bobToken = tokenOf(await signIn(other, { prompt: 'login' }, BOB));
    expect(bobToken).not.toBe(aliceToken);

    type Session = { account: string; sites: string[] };
    const sessions = async () =>
      ((await stack.internal('listSessions', { provider: 'dev' })) as Session[])
        .map((x) => `${x.account}: ${x.sites.join(' ')}`)
        .sort();
    expect(await sessions()).toEqual([`${ALICE}: ${stack.pages.origin}`, `${BOB}: ${otherOrigin}`]);
    // Each site names its own account and gets that account's token, from storage.
    const tokens = stack.idp.requests.count('token');
    const forAlice = await stack.bridge(site, 'getToken', { provider: 'dev', account: ALICE });
    const forBob = await stack.bridge(other, 'getToken', { provider: 'dev', account: BOB });
    expect([tokenOf(forAlice), subOf(forAlice)]).toEqual([aliceToken, ALICE]);
    expect([tokenOf(forBob), subOf(forBob)]).toEqual([bobToken, BOB]);
    expect(subOf(await stack.bridge(site, 'getToken', { provider: 'dev' }))).toBe(ALICE);
    expect(stack.idp.requests.count('token')).toBe(tokens);
    // A site sees only its own account, and cannot name the other.
    expect(await stack.bridge(other, 'accounts', { provider: 'dev' })).toMatchObject({
      ok: true,
      result: [{ account: BOB, current: true }],
    });
    expect(codeOf(await stack.bridge(site, 'getToken', { provider: 'dev', account: BOB }))).toBe(
      'no_session',
    );

    // Bob's site signs out: his grant is revoked, alice's session goes on.
    expect(codeOf(await stack.bridge(other, 'signOut', { provider: 'dev' }))).toBe('ok');
    expect(await stack.apiStatus(bobToken)).toBe(401);
    expect(await sessions()).toEqual([`${ALICE}: ${stack.pages.origin}`]);
    const still = await stack.bridge(site, 'getToken', { provider: 'dev', account: ALICE });
    expect(tokenOf(still)).toBe(aliceToken);
    expect(await stack.apiStatus(aliceToken)).toBe(200);
    expect(codeOf(await stack.bridge(other, 'getToken', { provider: 'dev' }))).toBe(
      'login_required',
    );
  });

  it('signing a site in as another account asks the person ("Switch account?"); Deny keeps its account and drops the other', async () => {
    await stack.saveProvider();
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    const aliceToken = tokenOf(await signIn(site));
    const revocations = stack.idp.requests.count('revocation');

    const consent = stack.nextConsent();
    const window = stack.nextLoginWindow();
    const reply = stack.bridge(site, 'signIn', { provider: 'dev', prompt: 'login' });
    await loginAtDevIdp(await window, idpOrigin(), BOB);
    const win = await consent;
    const shown = await waitEval(win, () => {
      const text = (id: string) =>
        document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      const heading = document.querySelector('h1')?.textContent;
      return (
        heading === 'Switch account?' && {
          from: text('consent-account-from'),
          to: text('consent-account-to'),
        }
      );
    });
    expect(shown).toEqual({
      from: expect.stringContaining(ALICE),
      to: expect.stringContaining(BOB),
    });
    await stack.answerConsent(win, 'Deny');
    expect(codeOf(await settled(reply))).toBe('consent_denied');

    // The site keeps alice and her token; bob's refused session is not kept (revoked).
    const still = await stack.bridge(site, 'getToken', { provider: 'dev' });
    expect([tokenOf(still), subOf(still)]).toEqual([aliceToken, ALICE]);
    expect(await stack.apiStatus(aliceToken)).toBe(200);
    type Session = { account: string; sites: string[] };
    const sessions = (await stack.internal('listSessions', { provider: 'dev' })) as Session[];
    expect(sessions.map((x) => x.account)).toEqual([ALICE]);
    await expect.poll(() => stack.idp.requests.count('revocation')).toBeGreaterThan(revocations);
  });

  it('signOut with endSession revokes, then ends the provider session in the login window: the next sign-in shows the login form', async () => {
    await stack.saveProvider();
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    const token = tokenOf(await signIn(site));

    since();
    const logoutWindow = stack.nextLoginWindow();
    const reply = stack.bridge(site, 'signOut', { provider: 'dev', endSession: true });
    const page = await logoutWindow;
    // Revocation came first and never waits for the logout page.
    await expect.poll(() => stack.idp.requests.count('revocation')).toBeGreaterThan(0);
    expect(await stack.apiStatus(token)).toBe(401);
    // Firefox requested the end-session page in the background first, then opened it.
    await expect.poll(endSessionRequests).toBe(2);
    await clickWhenThere(page, 'button[name="logout"]');
    expect(await settled(reply)).toMatchObject({ ok: true, result: { signedOut: true } });
    await expect.poll(() => page.isClosed()).toBe(true);
    // The one window of the logout (what the silent case counts as none).
    expect(opened).toBe(1);
    expect(codeOf(await stack.bridge(site, 'getToken', { provider: 'dev' }))).toBe(
      'login_required',
    );

    // Without the logout, Firefox's background request would sign alice in with no window.
    const loginWindow = stack.nextLoginWindow();
    const again = stack.bridge(site, 'signIn', { provider: 'dev' });
    const login = await loginWindow;
    expect(await showsLoginForm(login)).toBe(true);
    await loginAtDevIdp(login, idpOrigin(), ALICE);
    expect(await stack.apiStatus(tokenOf(await settled(again)))).toBe(200);
  });

  it('silent re-authentication: a living provider session gives a token with no window; without one, login_required at once', async () => {
    // Every code exchange answers without a refresh token, with a token said to live 8 s: the
    // session is lost once it expires (its id_token stays, the id_token_hint).
    const noRefresh: TamperHook = (ctx) => {
      if (ctx.endpoint !== 'token' || ctx.grantType !== 'authorization_code') return undefined;
      return {
        rewriteJson: (json) => {
          const { refresh_token: _, ...rest } = json;
          return { ...rest, expires_in: 8 };
        },
      };
    };
    stack.idp.setTamper(noRefresh);
    await stack.saveProvider({ silentReauth: true });
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    const signedIn = await signIn(site);
    const first = tokenOf(signedIn);
    const { expiresAt } = (signedIn as unknown as { result: { expiresAt: number } }).result;
    await sleep(Math.max(0, expiresAt - Date.now()) + 200);

    since();
    const authorizations = stack.idp.requests.count('authorization');
    const interactions = stack.idp.requests.count('interaction');
    const codes = stack.idp.requests.count('token', 'authorization_code');
    const silent = await settled(stack.bridge(site, 'getToken', { provider: 'dev' }));
    const second = tokenOf(silent);
    expect(second).not.toBe(first);
    expect(subOf(silent)).toBe(ALICE);
    expect(await stack.apiStatus(second)).toBe(200);
    // One prompt=none request, answered at once by Firefox's background request: no window.
    expect(stack.idp.requests.count('authorization')).toBe(authorizations + 1);
    expect(stack.idp.requests.count('interaction')).toBe(interactions);
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(codes + 1);
    expect(opened).toBe(0);
    // What it sent: prompt=none, the lost session's id_token (alice's, for this client) as the hint.
    const sent = lastAuthorization();
    expect(sent.get('prompt')).toBe('none');
    expect(claimsOf(sent.get('id_token_hint') ?? '')).toMatchObject({
      sub: ALICE,
      aud: stack.idp.clientId,
    });

    // The provider's session is gone from this browser, and the broker's is lost again (a new
    // resource origin in the provider's definition drops its tokens unrevoked, and the grants):
    // login_required, at once, no window.
    const cookies = await stack.browser.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    await stack.browser.deleteCookie(...cookies);
    await stack.saveProvider({
      silentReauth: true,
      resourceOrigins: [idpOrigin(), 'https://api.example'],
    });
    expect(await stack.internal('tokenDetails', { provider: 'dev' })).toMatchObject({
      signedIn: false,
    });
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    since();
    const before = stack.idp.requests.count('authorization');
    const started = Date.now();
    expect(codeOf(await settled(stack.bridge(site, 'getToken', { provider: 'dev' })))).toBe(
      'login_required',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.idp.requests.count('authorization')).toBe(before + 1);
    expect(opened).toBe(0);
    expect(lastAuthorization().get('prompt')).toBe('none');
  });

  it("per-call resources: refused before any request outside the provider's resource origins; a token per resource", async () => {
    await stack.saveProvider({ scopes: RESOURCE_SCOPES });
    const driver: ResourceDriver = {
      idp: stack.idp,
      call: (method, params) => stack.bridge(site, method, params),
      signIn: async (params) => {
        const consent = stack.nextConsent();
        const reply = stack.bridge(site, 'signIn', params);
        await stack.answerConsent(await consent, 'Allow');
        await stack.loginInNextWindow();
        return settled(reply);
      },
      countWindows: () => {
        since();
        return () => opened;
      },
    };
    await refusedResourcesScenario(driver);
    await perResourceTokensScenario(driver);
  });
});
