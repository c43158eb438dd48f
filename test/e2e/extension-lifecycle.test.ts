import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  settled,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
  type Reply,
} from './support/extension-stack.js';

const TTL = 6; // seconds: short, so expiry and refresh happen within the test

// The MV3 service worker can be stopped at any moment (here through CDP ServiceWorker.stopAllWorkers):
// the broker carries on from IndexedDB or fails cleanly, and never loses stored tokens.
describe('extension: service worker stops, refresh, sign-out', () => {
  let stack: ExtensionStack;
  let page: Page;
  let token: string;

  const getToken = (minValidity = 0): Promise<Reply> =>
    stack.direct(page, 'getToken', { provider: 'dev', minValidity });

  beforeAll(async () => {
    stack = await startExtensionStack({ accessTokenTtl: TTL });
    page = await stack.open(stack.pages.pageUrl());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stopped while the consent window is open: the answer is kept, the retry needs no consent', async () => {
    const consent = stack.nextConsent();
    const first = stack.direct(page, 'signIn', { provider: 'dev' });
    const win = await consent;
    await win.getByRole('button', { name: 'Allow' }).waitFor();
    await stack.browser.stopServiceWorker();
    // The page's call ends (the message channel closed with the worker): it does not hang.
    expect(codeOf(await first)).not.toBe('ok');
    await win.getByRole('button', { name: 'Allow' }).click();
    await expect
      .poll(async () => stack.internal('listGrants', { origin: stack.pages.origin }), {
        timeout: 10_000,
      })
      .toMatchObject([{ provider: 'dev', decision: 'allowed' }]);

    let windows = 0;
    const countConsent = (p: Page) => void (p.url().includes('/src/consent/') && windows++);
    stack.browser.context.on('page', countConsent);
    const retry = stack.direct(page, 'signIn', { provider: 'dev' });
    await stack.loginInNextWindow();
    token = tokenOf(await retry);
    stack.browser.context.off('page', countConsent);
    expect(windows).toBe(0);
    expect(await stack.apiStatus(token)).toBe(200);
  });

  it('stopped between calls: the next getToken wakes it and answers from IndexedDB', async () => {
    await stack.browser.stopServiceWorker();
    expect(tokenOf(await getToken())).toBe(token);
  });

  it('stopped while the login window is open: the call ends, the stored session survives', async () => {
    const reply = stack.direct(page, 'signIn', { provider: 'dev', prompt: 'login' });
    const login = await stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(new URL(stack.idp.issuer).origin),
    });
    await login.waitForLoadState('domcontentloaded');
    await stack.browser.stopServiceWorker();
    const outcome = await settled(reply);
    expect(codeOf(outcome)).not.toBe('unreachable: hung');
    if (!login.isClosed()) await login.close();
    // The session from before is still there (if the flow did finish, a newer one is). Asked with a
    // validity left (minValidity), so that the token cannot expire between the answer and its use
    // (TTL is 6 s here: with minValidity 0, a loaded machine got a token in its last instant).
    const after = await getToken(3);
    expect(codeOf(after)).toBe('ok');
    expect(await stack.apiStatus(tokenOf(after))).toBe(200);
    token = tokenOf(after);
  });

  it('refreshes after expiry (refresh_token grant at the dev IdP)', async () => {
    const info = (await getToken()) as unknown as { result: { expiresAt?: number } };
    expect(typeof info.result.expiresAt).toBe('number');
    const refreshesBefore = await stack.idp.requests.count('token', 'refresh_token');
    await page.waitForTimeout(Math.max(0, info.result.expiresAt! - Date.now()) + 500);
    const fresh = await getToken();
    const next = tokenOf(fresh);
    expect(next).not.toBe(token);
    expect(await stack.idp.requests.count('token', 'refresh_token')).toBe(refreshesBefore + 1);
    expect(await stack.apiStatus(next)).toBe(200);
    token = next;
  });

  it('stopped during a refresh: the next call still gets a valid token', async () => {
    const info = (await getToken()) as unknown as { result: { expiresAt: number } };
    await page.waitForTimeout(Math.max(0, info.result.expiresAt - Date.now()) + 500);
    // The refresh is held at the server, unprocessed, while the worker is stopped: the stop happens
    // "during the refresh" by construction, not by a wall-clock guess. (Had the server rotated the
    // refresh token before the stop, its answer would be lost with the worker and the next refresh,
    // with the old token, refused: no client can avoid that one, so it is not what this tests.)
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    let held = false;
    stack.idp.setTamper((req) => {
      if (held || req.endpoint !== 'token' || req.grantType !== 'refresh_token') return undefined;
      held = true;
      arrived();
      return { hang: true };
    });
    try {
      const during = settled(getToken());
      await atServer;
      await stack.browser.stopServiceWorker();
      // The page's call ends with the worker (the message channel closes): it does not hang.
      expect(codeOf(await during)).not.toBe('unreachable: hung');
    } finally {
      stack.idp.setTamper(undefined);
    }
    const after = await getToken();
    expect(codeOf(after)).toBe('ok');
    expect(await stack.apiStatus(tokenOf(after))).toBe(200);
    token = tokenOf(after);
  });

  it('sign out revokes at the server and ends the session', async () => {
    const revocations = await stack.idp.requests.count('revocation');
    // A second page of the same origin holds an event port: it hears of the sign-out.
    const listener = await stack.open(stack.pages.pageUrl());
    await listener.evaluate(
      (id) => (window as unknown as { listen(id: string): void }).listen(id),
      stack.extensionId,
    );
    await listener.waitForTimeout(200);
    const reply = await stack.direct(page, 'signOut', { provider: 'dev' });
    expect(reply).toMatchObject({ ok: true, result: { signedOut: true } });
    expect(await stack.idp.requests.count('revocation')).toBeGreaterThan(revocations);
    expect(await stack.apiStatus(token)).toBe(401);
    expect(codeOf(await getToken())).toBe('login_required');
    await expect
      .poll(() => listener.evaluate(() => (window as unknown as { events: unknown[] }).events))
      .toContainEqual({ latchkey: 1, event: 'signedOut', provider: 'dev' });
  });
});
