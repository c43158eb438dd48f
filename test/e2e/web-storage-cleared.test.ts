import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import { signInByClick, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey };

describe('@latchkey/web page mode when the site data is cleared', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  it('carries on from a fresh database: signed out, and a new sign-in works without a reload', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    // What "Delete data" in the site settings does: the browser closes every open connection to
    // the origin's databases and deletes them.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', {
      origin: stack.app.origin,
      storageTypes: 'indexeddb',
    });
    await page.waitForFunction(async () => (await indexedDB.databases()).length === 0);
    // A token the memory cache cannot answer (fresh for longer than it lives) is read from storage:
    // there is no session any more.
    expect(
      await page.evaluate(() =>
        (window as unknown as Win).lk.getToken('dev', { minValidity: 100_000 }).then(
          (t) => `token:${t}`,
          (e: { code?: string; name?: string }) => `error:${e.code ?? e.name}`,
        ),
      ),
    ).toBe('error:login_required');
    // The session list and a sign-in use the database again, reopened.
    const accounts = () =>
      page.evaluate(() => (window as unknown as Win).lk.accounts('dev').then((a) => a.length));
    expect(await accounts()).toBe(0);
    await signInByClick(stack, page);
    expect(await accounts()).toBe(1);
    await page.close();
  });
});
