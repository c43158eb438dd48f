import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickSignIn, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

describe('@latchkey/web popup flow', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  it('rejects with user_cancelled when the user closes the popup', async () => {
    const page = await stack.openHarness('page');
    const { popup, result } = await clickSignIn(page);
    expect(popup).toBeDefined();
    await popup!.waitForURL((url) => url.href.startsWith(new URL(stack.idp.issuer).origin));
    await popup!.close();
    expect(await result()).toBe('error:user_cancelled');
    await page.close();
  });

  it('ignores a forged callback posted from another origin, and completes with the real one', async () => {
    const page = await stack.openHarness('page');
    // A frame from another origin (localhost vs 127.0.0.1) inside the app's page.
    const foreign = stack.app.origin.replace('127.0.0.1', 'localhost');
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
      return new Promise((resolve) => (frame.onload = resolve));
    }, `${foreign}/harness.html`);
    const { popup, result } = await clickSignIn(page);
    await popup!.waitForURL((url) => url.href.startsWith(new URL(stack.idp.issuer).origin));
    // Even with the flow's real state, a message from another origin must not count.
    const state = new URL(popup!.url()).searchParams.get('state') ?? '';
    const forged = {
      latchkey: 1,
      type: 'callback',
      url: `${stack.app.origin}/?error=access_denied&state=${state}`,
    };
    const frame = page.frames().find((f) => f.url().startsWith(foreign))!;
    await frame.evaluate((message) => parent.postMessage(message, '*'), forged);
    // And a same-origin message from a window that is not the popup does not count either.
    await page.evaluate((message) => postMessage(message, location.origin), forged);
    await stack.login(popup!);
    expect(await result()).toMatch(/^token:/);
    await page.evaluate(() =>
      (window as unknown as { lk: { signOut(p: string): Promise<void> } }).lk.signOut('dev'),
    );
    await page.close();
  });

  it('reports a blocked popup as popup_blocked, and falls back to the redirect flow when asked', async () => {
    const page = await stack.openHarness('page');
    // What a popup blocker does: window.open returns null.
    await page.evaluate(() => (window.open = () => null));
    expect(await (await clickSignIn(page)).result()).toBe('error:popup_blocked');
    const authorization = page.waitForRequest((r) =>
      r.url().startsWith(`${stack.idp.issuer}/auth`),
    );
    await clickSignIn(page, { onPopupBlocked: 'redirect' });
    const url = new URL((await authorization).url());
    expect(url.searchParams.get('redirect_uri')).toBe(stack.app.redirectUri);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    await page.close();
  });

  it('a redirect sign-in whose navigation is cancelled rejects (timeout) instead of hanging', async () => {
    const page = await stack.openHarness('page');
    // A short sign-in timeout bounds the wait for the page to leave.
    await page.evaluate(async (provider) => {
      const w = window as unknown as {
        lk: unknown;
        Latchkey: { createLatchkey(o: unknown): Promise<unknown> };
      };
      w.lk = await w.Latchkey.createLatchkey({
        providers: [provider],
        mode: 'page',
        signInTimeout: 2_000,
      });
      addEventListener('beforeunload', (event) => event.preventDefault());
    }, stack.provider);
    // The user answers the "Leave site?" prompt with "Stay".
    const prompted = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }),
    );
    const { result } = await clickSignIn(page, { redirect: true });
    expect(await prompted).toBe('beforeunload');
    expect(await result()).toBe('error:timeout');
    expect(new URL(page.url()).origin).toBe(stack.app.origin);
    await page.close();
  });

  it('a redirect sign-in with an unsafe returnTo ignores it and leaves for the IdP', async () => {
    for (const returnTo of ['/.//', '.\\/']) {
      const page = await stack.openHarness('page');
      const { popup, result } = await clickSignIn(page, { redirect: true, returnTo });
      expect(popup).toBeUndefined();
      // The page left for the authorization server (the old code rejected with TypeError first).
      const left = page.waitForURL((url) => url.origin === new URL(stack.idp.issuer).origin);
      // (Reading the result fails once the page navigated: then it is the navigation that counts.)
      const outcome = await Promise.race([
        left.then(() => 'left'),
        result().catch(() => left.then(() => 'left')),
      ]);
      expect(outcome).toBe('left');
      await page.close();
    }
  });
});
