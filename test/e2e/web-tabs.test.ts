import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import { signInByClick, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey; events: string[] };

describe('@latchkey/web page mode across tabs', () => {
  let stack: WebStack;
  // 40 s tokens: core's refresh margin is the default minValidity (30 s) but at most half the
  // lifetime, so they are due 20 s after issue.
  beforeAll(async () => {
    stack = await startWebStack({ accessTokenTtl: 40 });
  });
  afterAll(() => stack?.close());

  it('two tabs share the session and refresh exactly once between them on expiry', async () => {
    const a = await stack.openHarness('page');
    const b = await stack.openHarness('page');
    await signInByClick(stack, a);
    const first = await a.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    const inB = await b.evaluate(() => (window as unknown as Win).lk.getToken('dev'));
    expect(inB).toBe(first.accessToken);

    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    // Wait until the token is due for a refresh, then ask in both tabs at once.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, first.expiresAt! - 20_000 - Date.now()) + 500),
    );
    const [ta, tb] = await Promise.all(
      [a, b].map((p) => p.evaluate(() => (window as unknown as Win).lk.getToken('dev'))),
    );
    expect(ta).not.toBe(first.accessToken);
    expect(tb).toBe(ta);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);

    // Served from memory now: no further refresh, same token in both tabs.
    expect(await a.evaluate(() => (window as unknown as Win).lk.getToken('dev'))).toBe(ta);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    await a.close();
    await b.close();
  });

  it('a sign-out in one tab is seen by the other, whose cached token is dropped', async () => {
    const a = await stack.openHarness('page');
    const b = await stack.openHarness('page');
    await signInByClick(stack, a);
    await b.evaluate(async () => {
      const w = window as unknown as Win;
      w.events = [];
      w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
      await w.lk.getToken('dev'); // now cached in b's memory
    });
    await a.evaluate(() => (window as unknown as Win).lk.signOut('dev'));
    await b.waitForFunction(
      () => (window as unknown as Win).events.includes('signedOut:dev'),
      undefined,
      {
        timeout: 5_000,
      },
    );
    const code = await b.evaluate(() =>
      (window as unknown as Win).lk.getToken('dev').then(
        () => 'token',
        (e: { code?: string }) => e.code,
      ),
    );
    expect(code).toBe('login_required');
    await a.close();
    await b.close();
  });

  it('a session ended by a dead refresh token (invalid_grant) is a signedOut in every tab', async () => {
    const a = await stack.openHarness('page');
    const b = await stack.openHarness('page');
    await signInByClick(stack, a);
    for (const page of [a, b]) {
      await page.evaluate(async () => {
        const w = window as unknown as Win;
        w.events = [];
        w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
        await w.lk.getToken('dev');
      });
    }
    // The refresh token, as this origin stored it; used once elsewhere, rotation makes it dead.
    const refreshToken = await a.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('latchkey');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            // The session of provider dev (its only account), as core's storage keeps it.
            const get = open.result
              .transaction('sessions')
              .objectStore('sessions')
              .index('provider')
              .get('dev');
            get.onsuccess = () => resolve((get.result as { refreshToken: string }).refreshToken);
            get.onerror = () => reject(get.error);
          };
        }),
    );
    const rotated = await fetch(`${stack.idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: stack.idp.clientId,
      }),
    });
    expect(rotated.status).toBe(200);
    // Once the token is due, the refresh is refused with invalid_grant.
    const { expiresAt } = await a.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, expiresAt! - 20_000 - Date.now()) + 500),
    );
    const code = await a.evaluate(() =>
      (window as unknown as Win).lk.getToken('dev').then(
        () => 'token',
        (e: { code?: string }) => e.code,
      ),
    );
    expect(code).toBe('login_required');
    for (const page of [a, b]) {
      await page.waitForFunction(
        () => (window as unknown as Win).events.includes('signedOut:dev'),
        undefined,
        { timeout: 5_000 },
      );
    }
    // b's cached token was dropped with it.
    expect(
      await b.evaluate(() =>
        (window as unknown as Win).lk.getToken('dev').then(
          () => 'token',
          (e: { code?: string }) => e.code,
        ),
      ),
    ).toBe('login_required');
    await a.close();
    await b.close();
  });
});
