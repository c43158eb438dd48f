import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { codeOf, tokenOf } from '../e2e/support/extension-stack.js';
import {
  allizomRedirectUri,
  startFirefoxStack,
  type FirefoxStack,
} from './support/firefox-stack.js';

// The broker in Firefox: an event page, pages on the content-script bridge only (no
// externally_connectable), sign-in through identity.launchWebAuthFlow with the allizom redirect.
// One Firefox for the file; the extension is installed afresh for every case.
describe('Firefox: the extension end to end', () => {
  let stack: FirefoxStack;
  let page: Page;

  /** Consent and sign-in from the page, as a site would: the token. */
  const signInFromPage = async (): Promise<string> => {
    const consent = stack.nextConsent();
    const reply = stack.bridge(page, 'signIn', { provider: 'dev' });
    await stack.answerConsent(await consent, 'Allow');
    await stack.loginInNextWindow();
    return tokenOf(await reply);
  };

  beforeAll(async () => {
    stack = await startFirefoxStack({ extensionDir: inject('firefoxExtensionDir') });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await stack.reinstall();
    await stack.saveProvider();
    page = await stack.openPage();
  });

  it('a page finds the broker through the bridge; it has no direct channel', async () => {
    expect(await stack.bridge(page, 'hello')).toMatchObject({
      ok: true,
      result: { extensionId: stack.geckoId },
    });
    expect(await page.evaluate(() => typeof (globalThis as { chrome?: unknown }).chrome)).toBe(
      'undefined',
    );
    const views = (await stack.internal('listProviders')) as { redirectUri: string }[];
    expect(views[0]?.redirectUri).toBe(allizomRedirectUri(stack.geckoId));
  });

  it('a site added in the options page gets the bridge registered at run time (scripting)', async () => {
    const url = stack.pages.pageUrl('localhost');
    const before = await stack.browser.newPage();
    await before.goto(url);
    expect(await stack.bridge(before, 'hello', {}, 1000)).toEqual({ unreachable: 'no reply' });
    await stack.internal('addSite', { origin: new URL(url).origin });
    const after = await stack.openPage(url);
    expect(await stack.bridge(after, 'hello')).toMatchObject({ ok: true });
  });

  it('consent, then sign-in through launchWebAuthFlow at the dev IdP; getToken is then cached', async () => {
    expect(codeOf(await stack.bridge(page, 'getToken', { provider: 'dev' }))).toBe(
      'consent_required',
    );
    const token = await signInFromPage();
    expect(await stack.apiStatus(token)).toBe(200);
    // Firefox fetches the authorize URL in the background before it opens the window.
    expect(stack.idp.requests.count('authorization')).toBe(2);
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(1);
    const tokens = stack.idp.requests.count('token');
    const again = await stack.bridge(page, 'getToken', { provider: 'dev' });
    expect(tokenOf(again)).toBe(token);
    expect(stack.idp.requests.count('token')).toBe(tokens);
  });

  it('a session at the IdP signs in again with no window (Firefox checks the authorize URL first)', async () => {
    await signInFromPage();
    // Signing in again (a sign-out would revoke the grant at the IdP, which then asks for consent).
    const authorizations = stack.idp.requests.count('authorization');
    const pages = (await stack.browser.pages()).length;
    // The IdP remembers alice: the background check of the authorize URL comes back with a code.
    const account = (await stack.internal('signIn', { provider: 'dev' })) as { signedIn: boolean };
    expect(account.signedIn).toBe(true);
    expect(stack.idp.requests.count('authorization')).toBe(authorizations + 1);
    expect((await stack.browser.pages()).length).toBe(pages);
  });

  it('Deny in the consent window: consent_denied', async () => {
    const consent = stack.nextConsent();
    const reply = stack.bridge(page, 'signIn', { provider: 'dev' });
    await stack.answerConsent(await consent, 'Deny');
    expect(codeOf(await reply)).toBe('consent_denied');
  });

  it('closing the launchWebAuthFlow window: user_cancelled', async () => {
    const login = stack.nextLoginWindow();
    const signIn = stack.internal('signIn', { provider: 'dev' }).then(
      () => 'ok',
      (e: unknown) => /"code":"([a-z_]+)"/.exec(String(e))?.[1] ?? String(e),
    );
    await (await login).close();
    expect(await signIn).toBe('user_cancelled');
  });

  it('token-mediated fetch: the broker attaches the token for a resource origin', async () => {
    await signInFromPage();
    const ok = await stack.bridge(page, 'fetch', { provider: 'dev', url: stack.idp.apiUrl });
    expect(ok).toMatchObject({ ok: true, result: { status: 200 } });
    const refused = await stack.bridge(page, 'fetch', {
      provider: 'dev',
      url: `${stack.pages.origin}/page.html`,
    });
    expect(codeOf(refused)).toBe('origin_not_allowed');
  });

  it('sign-out revokes at the server and ends the session', async () => {
    const token = await signInFromPage();
    const reply = await stack.bridge(page, 'signOut', { provider: 'dev' });
    expect(reply).toMatchObject({ ok: true, result: { signedOut: true } });
    expect(stack.idp.requests.count('revocation')).toBeGreaterThan(0);
    expect(await stack.apiStatus(token)).toBe(401);
    expect(codeOf(await stack.bridge(page, 'getToken', { provider: 'dev' }))).toBe(
      'login_required',
    );
  });
});
