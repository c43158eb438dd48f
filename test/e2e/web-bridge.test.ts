import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import {
  bridgeMemoScenario,
  getTokenOnce,
  setUpMemoPage,
  type Evaluate,
} from './support/bridge-memo.js';
import { buildExtensionForE2e } from './support/extension-build.js';
import { internal, loginInBrokerWindow } from './support/web-extension.js';
import { startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey; events: string[]; windowMessages: unknown[] };

// `@latchkey/web` on `localhost`, which the e2e build leaves out of externally_connectable: in
// extension mode it reaches the broker through the content-script bridge, over a MessagePort.
describe('@latchkey/web in extension mode through the content-script bridge', () => {
  let built: Awaited<ReturnType<typeof buildExtensionForE2e>> | undefined;
  let stack: WebStack;
  let origin: string;
  let options: Page;

  beforeAll(async () => {
    built = await buildExtensionForE2e();
    stack = await startWebStack({ extensionDir: built.dir });
    origin = stack.app.origin.replace('127.0.0.1', 'localhost');
    options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/src/options/index.html`);
    const { redirectUri: _ignored, ...provider } = stack.provider;
    await internal(options, 'saveProvider', { config: { ...provider, allowedOrigins: [origin] } });
    await internal(options, 'addSite', { origin });
    // A site's grant for the provider (an options-page provider's allowedOrigins pre-grant nothing).
    await internal(options, 'allowSite', { origin, provider: provider.id });
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
  });

  it('detects the extension, signs in, fetches and hears a sign-out, with nothing on the window', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(`${origin}/harness.html`);
    const mode = await page.evaluate(async (provider) => {
      const w = window as unknown as Win & {
        Latchkey: { createLatchkey(o: unknown): Promise<Latchkey> };
      };
      w.windowMessages = [];
      addEventListener('message', (e) => w.windowMessages.push(e.data));
      w.events = [];
      // A generous hello: the first one wakes the worker, on a busy machine.
      w.lk = await w.Latchkey.createLatchkey({
        providers: [provider],
        mode: 'extension',
        helloTimeout: 10_000,
      });
      w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
      return w.lk.mode;
    }, stack.provider);
    expect(mode).toBe('extension');

    const login = loginInBrokerWindow(stack);
    const token = page.evaluate(
      async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
    );
    await login;
    expect(await token).toBeTruthy();
    const status = await page.evaluate(
      async (url) => (await (window as unknown as Win).lk.fetch('dev', url)).status,
      stack.idp.apiUrl,
    );
    expect(status).toBe(200);
    // What is no request is refused as one, not thrown as a TypeError (a URL with credentials).
    const refused = await page.evaluate(
      (url) =>
        (window as unknown as Win).lk.fetch('dev', url).then(
          () => 'sent',
          (e: { code?: string }) => e.code,
        ),
      stack.idp.apiUrl.replace('http://', 'http://api@'),
    );
    expect(refused).toBe('invalid_request');

    // A sign-out made in the extension reaches the page as a push over the port.
    await internal(options, 'signOut', { provider: 'dev' });
    await page.waitForFunction(() => (window as unknown as Win).events.includes('signedOut:dev'));

    // The page's window saw its own hand-over of the port and nothing else: no reply, no push.
    const seen = await page.evaluate(() => (window as unknown as Win).windowMessages);
    expect(seen).toEqual([{ latchkey: 1, connect: 'latchkey-bridge' }]);
    await page.close();
  });

  it('a cached getToken is answered from memory, and never after a refresh, a revoked grant, a redefined provider or a sign-out', async () => {
    const pages: Page[] = [];
    await bridgeMemoScenario(
      {
        origin,
        openHarness: async () => {
          const page = await stack.browser.context.newPage();
          pages.push(page);
          await page.goto(`${origin}/harness.html`);
          return ((fn: (arg: unknown) => unknown, arg: unknown) =>
            page.evaluate(fn, arg)) as Evaluate;
        },
        internal: (method, params) => internal(options, method, params),
        providerConfig: (({ redirectUri: _ignored, ...config }) => ({
          ...config,
          allowedOrigins: [origin],
        }))(stack.provider),
        signIn: async (page) => {
          const login = loginInBrokerWindow(stack);
          const token = page(
            async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
            null,
          );
          await login;
          return token;
        },
      },
      stack.provider,
    );
    for (const page of pages) await page.close();
  });

  it('latchkey.fetch carries binary request and response bodies byte for byte', async () => {
    const page = await stack.browser.context.newPage();
    await page.goto(`${origin}/harness.html`);
    await page.evaluate(async (provider) => {
      const w = window as unknown as Win & {
        Latchkey: { createLatchkey(o: unknown): Promise<Latchkey> };
      };
      w.lk = await w.Latchkey.createLatchkey({
        providers: [provider],
        mode: 'extension',
        helloTimeout: 10_000,
      });
    }, stack.provider);
    const login = loginInBrokerWindow(stack);
    const signedIn = page.evaluate(async () => (window as unknown as Win).lk.signIn('dev'));
    await login;
    await signedIn;
    const url = stack.idp.apiUrl.replace('/api/me', '/api/bytes');
    const result = await page.evaluate(async (url) => {
      // Every byte value (0x00 and 0xFF included), a UTF-8 BOM, then random bytes.
      const sent = new Uint8Array(256 + 3 + 40_000);
      for (let i = 0; i < 256; i++) sent[i] = i;
      sent.set([0xef, 0xbb, 0xbf], 256);
      crypto.getRandomValues(sent.subarray(259));
      const res = await (window as unknown as Win).lk.fetch('dev', url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: sent,
      });
      const got = new Uint8Array(await res.arrayBuffer());
      // A body that is UTF-8 text with a leading BOM and a NUL, too.
      const text = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x00, 0x62]);
      const back = new Uint8Array(
        await (
          await (window as unknown as Win).lk.fetch('dev', url, { method: 'PUT', body: text })
        ).arrayBuffer(),
      );
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        equal: got.length === sent.length && got.every((b, i) => b === sent[i]),
        length: got.length,
        text: [...back],
      };
    }, url);
    expect(result).toEqual({
      status: 200,
      type: 'application/octet-stream',
      equal: true,
      length: 256 + 3 + 40_000,
      text: [0xef, 0xbb, 0xbf, 0x61, 0x00, 0x62],
    });
    await page.close();
  });
});

// Tokens of 6 s: the broker refreshes inside a site's getToken (core keeps a margin of at most half
// the lifetime), and that refresh must drop the token other pages hold in memory.
describe('the bridge memo and a refresh made inside the broker', () => {
  let built: Awaited<ReturnType<typeof buildExtensionForE2e>> | undefined;
  let stack: WebStack;
  let origin: string;

  beforeAll(async () => {
    built = await buildExtensionForE2e();
    stack = await startWebStack({ extensionDir: built.dir, accessTokenTtl: 6 });
    origin = stack.app.origin.replace('127.0.0.1', 'localhost');
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/src/options/index.html`);
    const { redirectUri: _ignored, ...provider } = stack.provider;
    await internal(options, 'saveProvider', { config: provider });
    await internal(options, 'addSite', { origin });
    await internal(options, 'allowSite', { origin, provider: provider.id });
    await options.close();
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
  });

  it("another page's getToken refreshes in the broker: this page's next getToken never answers the old token", async () => {
    const open = async (): Promise<Evaluate> => {
      const page = await stack.browser.context.newPage();
      await page.goto(`${origin}/harness.html`);
      const evaluate = ((fn: (arg: unknown) => unknown, arg: unknown) =>
        page.evaluate(fn, arg)) as Evaluate;
      await setUpMemoPage(evaluate, stack.provider);
      return evaluate;
    };
    const a = await open();
    const login = loginInBrokerWindow(stack);
    const first = a(
      async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
      null,
    );
    await login;
    const token = await first;
    // minValidity 0: from memory until the token expires.
    expect(await getTokenOnce(a, 0)).toEqual({ token, sent: 0 });
    const b = await open();
    // Until less than 3 s are left (half the lifetime): then a 3 s margin makes the broker refresh.
    const left = await a(
      async () =>
        ((await (window as unknown as Win).lk.getTokenInfo('dev')).expiresAt ?? 0) - Date.now(),
      null,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, left - 2500)));
    const refreshed = await getTokenOnce(b, 3);
    expect(refreshed).toMatchObject({ sent: 1 });
    expect(refreshed).not.toMatchObject({ token });
    // The old token is still valid for about 2 s, and this page held it in memory.
    const next = await getTokenOnce(a, 0);
    expect(next).toMatchObject({ sent: 1 });
    expect(next).not.toMatchObject({ token });
  });
});
