import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  settled,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

// A page on `localhost`, which the e2e build leaves out of externally_connectable: it reaches the
// broker only through the content-script bridge, registered when the site is added.
describe('extension: the content-script bridge', () => {
  let stack: ExtensionStack;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    stack = await startExtensionStack();
    origin = new URL(stack.pages.pageUrl('localhost')).origin;
    await stack.internal('addSite', { origin });
    page = await stack.open(stack.pages.pageUrl('localhost'));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the page is not externally connectable, the bridge answers', async () => {
    const direct = await stack.direct(page, 'hello');
    expect('unreachable' in direct).toBe(true);
    const hello = await stack.bridge(page, 'hello');
    expect(hello).toMatchObject({ ok: true, result: { extensionId: stack.extensionId } });
  });

  it('a site cannot load the bridge script to detect the extension (not web-accessible)', async () => {
    const manifest = JSON.parse(
      await readFile(join(stack.extensionDir, 'manifest.json'), 'utf8'),
    ) as { web_accessible_resources?: unknown };
    expect(manifest.web_accessible_resources).toBeUndefined();
    const url = `chrome-extension://${stack.extensionId}/src/content/bridge.iife.js`;
    const loaded = await page.evaluate(
      (src) =>
        new Promise<boolean>((resolve) => {
          const script = document.createElement('script');
          script.src = src;
          script.onload = () => resolve(true);
          script.onerror = () => resolve(false);
          document.head.append(script);
        }),
      url,
    );
    expect(loaded).toBe(false);
  });

  it('getToken through the bridge: consent_required for the page’s own origin', async () => {
    expect(codeOf(await stack.bridge(page, 'getToken', { provider: 'dev' }))).toBe(
      'consent_required',
    );
  });

  it('signIn and getToken through the bridge, events pushed back', async () => {
    const consent = stack.nextConsent();
    const reply = stack.bridge(page, 'signIn', { provider: 'dev' });
    const win = await consent;
    await expect.poll(() => win.textContent('body'), { timeout: 10_000 }).toContain(origin);
    await win.getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    const token = tokenOf(await reply);
    expect(await stack.apiStatus(token)).toBe(200);
    expect(tokenOf(await stack.bridge(page, 'getToken', { provider: 'dev', minValidity: 0 }))).toBe(
      token,
    );
    const grants = (await stack.internal('listGrants', { origin })) as { decision: string }[];
    expect(grants).toMatchObject([{ origin, provider: 'dev', decision: 'allowed' }]);

    // The bridge's port relays pushes: signing out elsewhere reaches this page.
    await stack.internal('signOut', { provider: 'dev' });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { events: unknown[] }).events))
      .toContainEqual({ latchkey: 1, event: 'signedOut', provider: 'dev' });
    expect(codeOf(await stack.bridge(page, 'getToken', { provider: 'dev' }))).toBe(
      'login_required',
    );
  });

  it('the internal protocol of extension pages answers neither the bridge nor a connectable page', async () => {
    const internal = { channel: 'latchkey-internal', method: 'listProviders', params: {} };
    // Relayed by the content script: the broker must not answer a content script's internal call.
    const viaBridge = await page.evaluate(
      (message) =>
        (window as unknown as { bridgeRaw(m: unknown, ms: number): Promise<unknown> }).bridgeRaw(
          { ...message, latchkey: 1, id: 'internal-1' },
          5_000,
        ),
      internal,
    );
    // Refused, and told so at once (not left to the page's timeout).
    expect(viaBridge).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(JSON.stringify(viaBridge)).not.toContain(stack.idp.clientId);
    // A page in externally_connectable sending it straight to the extension.
    const connectable = await stack.open(stack.pages.pageUrl('127.0.0.1'));
    const direct = await connectable.evaluate(
      ([extensionId, message]) =>
        new Promise<unknown>((resolve) => {
          const runtime = (
            globalThis as unknown as {
              chrome: {
                runtime: {
                  sendMessage(id: string, m: unknown, cb: (r: unknown) => void): void;
                  lastError?: { message?: string };
                };
              };
            }
          ).chrome.runtime;
          runtime.sendMessage(extensionId, message, (reply) =>
            resolve(runtime.lastError ? { unreachable: runtime.lastError.message } : reply),
          );
        }),
      [stack.extensionId, internal] as const,
    );
    expect(direct).not.toMatchObject({ ok: true });
    expect(JSON.stringify(direct)).not.toContain(stack.idp.clientId);
    await connectable.close();
  });

  it('replies and pushes travel on the handed-over port only, never on the window', async () => {
    expect(codeOf(await stack.bridge(page, 'hello'))).toBe('ok');
    const seen = (await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)) as {
      latchkey?: number;
      connect?: string;
    }[];
    // The one window message is the page's own hand-over of the port; no reply, no push.
    expect(seen).toEqual([{ latchkey: 1, connect: 'latchkey-bridge' }]);
  });

  it('the bridge script is built self-contained, with the protocol constants from core', async () => {
    const script = await readFile(join(stack.extensionDir, 'src/content/bridge.iife.js'), 'utf8');
    expect(script).not.toMatch(/\bimport\s*[({*"'`\w]/);
    expect(script).toContain('latchkey-bridge');
    expect(script).toContain(String(256 * 1024));
  });

  it('ignores a port handed over by another frame: no reply reaches it', async () => {
    // A frame of another origin posts a hand-over (with its own port) into the bridge page's window.
    const host = await stack.open(stack.pages.frameHostUrl(stack.pages.pageUrl('localhost')));
    const frame = host.frames()[1];
    expect(frame).toBeDefined();
    await frame!.waitForFunction(() => 'bridge' in window);
    await host.evaluate(() => {
      const f = document.querySelector('iframe')!.contentWindow!;
      const channel = new MessageChannel();
      const w = window as unknown as { forgedReplies: unknown[] };
      w.forgedReplies = [];
      channel.port1.onmessage = (e) => w.forgedReplies.push(e.data);
      f.postMessage({ latchkey: 1, connect: 'latchkey-bridge' }, '*', [channel.port2]);
      channel.port1.postMessage({ latchkey: 1, id: 'forged', method: 'hello', params: {} });
    });
    // The frame's own hand-over is answered (the broker refuses a frame inside another site).
    await frame!.waitForFunction(() =>
      (window as unknown as { seen: unknown[] }).seen.some(
        (m) => (m as { connect?: string } | null)?.connect === 'latchkey-bridge',
      ),
    );
    expect(codeOf(await stack.bridge(frame!, 'hello'))).toBe('origin_not_allowed');
    await host.waitForTimeout(1500);
    expect(
      await host.evaluate(() => (window as unknown as { forgedReplies: unknown[] }).forgedReplies),
    ).toEqual([]);
    await host.close();
  });

  // Last: it reloads the extension, which orphans this page's content script.
  it('after an extension reload the orphaned bridge answers at once with a stable code', async () => {
    expect(codeOf(await stack.bridge(page, 'hello'))).toBe('ok');
    const options = await stack.open(
      `chrome-extension://${stack.extensionId}/src/options/index.html`,
    );
    const closed = options.waitForEvent('close', { timeout: 15_000 });
    await options
      .evaluate(() =>
        (
          globalThis as unknown as { chrome: { runtime: { reload(): void } } }
        ).chrome.runtime.reload(),
      )
      .catch(() => undefined); // the page goes away with the extension
    await closed;
    // Not the page's own timeout (30 s, 600 s for signIn): a reply within a few seconds.
    const hello = await settled(stack.bridge(page, 'hello'), 5_000);
    expect(codeOf(hello)).toBe('unsupported');
    const signIn = await settled(stack.bridge(page, 'signIn', { provider: 'dev' }), 5_000);
    expect(codeOf(signIn)).toBe('unsupported');
  });
});
