import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { codeOf, settled, tokenOf, type Reply } from '../e2e/support/extension-stack.js';
import { sleep } from './support/firefox.js';
import { startFirefoxStack, type FirefoxStack } from './support/firefox-stack.js';

// Firefox stops an idle event page (here after 1 s: extensions.background.idle.timeout) and starts
// it again for the next event. Nothing the broker needs may live only in its memory.
describe('Firefox: the event page stops and starts again', () => {
  let stack: FirefoxStack;
  let page: Page;
  // minValidity 0: the broker's default margin is longer than these 4 s tokens live.
  const getToken = (): Promise<Reply> =>
    stack.bridge(page, 'getToken', { provider: 'dev', minValidity: 0 });

  /** Until the event page is gone (Firefox's own idle stop; the options page watches, not wakes). */
  const stopped = async (): Promise<void> => {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      if (!(await stack.backgroundRunning())) return;
      await sleep(100);
    }
    throw new Error('the event page did not stop');
  };

  /**
   * The site allowed and the person signed in from an extension page: no consent window (a window
   * waiting for a person longer than the idle time ends the call, as a stopped worker does in
   * Chromium), and the login window keeps the page alive (Firefox waits for launchWebAuthFlow).
   */
  const signIn = async (): Promise<string> => {
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    const login = stack.loginInNextWindow();
    const account = stack.internal('signIn', { provider: 'dev' });
    await login;
    expect(await account).toMatchObject({ signedIn: true });
    return tokenOf(await getToken());
  };

  beforeAll(async () => {
    stack = await startFirefoxStack({
      extensionDir: inject('firefoxExtensionDir'),
      idleTimeoutMs: 1000,
      accessTokenTtl: 4,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await stack.reinstall();
    await stack.saveProvider();
    page = await stack.openPage();
  });

  it('stopped between calls: the next getToken wakes it and answers from storage', async () => {
    const token = await signIn();
    await stopped();
    const tokens = stack.idp.requests.count('token');
    const after = await getToken();
    expect(codeOf(after)).toBe('ok');
    // Same session: a refresh at most (the access token lives 4 s), never a new sign-in.
    expect(stack.idp.requests.count('authorization')).toBe(2);
    if (tokenOf(after) === token) expect(stack.idp.requests.count('token')).toBe(tokens);
    expect(await stack.apiStatus(tokenOf(after))).toBe(200);
  });

  it('the bridge tells its page the push channel is lost when the event page stops, and live again on the next call', async () => {
    // What the page's port hears besides replies (the bridge was connected by openPage's hello).
    await page.evaluate(() => {
      const w = window as unknown as { bridgePort(): MessagePort; states: string[] };
      w.states = [];
      const port = w.bridgePort();
      const replies = port.onmessage!;
      port.onmessage = (e: MessageEvent) => {
        const state = (e.data as { bridge?: string } | null)?.bridge;
        if (state) w.states.push(state);
        replies.call(port, e);
      };
    });
    const states = () =>
      page.evaluate(() => (window as unknown as { states: string[] }).states.join(' '));
    await stopped();
    // @latchkey/web serves nothing from memory from here on (bridge-transport.ts).
    await expect.poll(states).toBe('lost');
    expect(await stack.bridge(page, 'hello')).toMatchObject({ ok: true });
    await expect.poll(states).toBe('lost live');
  });

  it('refresh storm: five calls after expiry share one refresh', async () => {
    await signIn();
    const first = (await getToken()) as unknown as { result: { expiresAt: number } };
    await sleep(Math.max(0, first.result.expiresAt - Date.now()) + 500);
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    const replies = await Promise.all([1, 2, 3, 4, 5].map(() => getToken()));
    const tokens = new Set(replies.map(tokenOf));
    expect(tokens.size).toBe(1);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    expect(await stack.apiStatus([...tokens][0]!)).toBe(200);
  });

  it('stopped during a refresh: the call ends, the next one gets a valid token', async () => {
    await signIn();
    const first = (await getToken()) as unknown as { result: { expiresAt: number } };
    await sleep(Math.max(0, first.result.expiresAt - Date.now()) + 500);
    // The refresh is held at the server, unanswered, until the event page has stopped.
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
      const during = settled(getToken(), 60_000);
      await atServer;
      await stopped();
      expect(codeOf(await during)).not.toBe('unreachable: hung');
    } finally {
      stack.idp.setTamper(undefined);
    }
    const after = await getToken();
    expect(codeOf(after)).toBe('ok');
    expect(await stack.apiStatus(tokenOf(after))).toBe(200);
  });
});
