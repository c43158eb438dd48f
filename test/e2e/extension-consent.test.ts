import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionIdFromKey } from './support/browser.js';
import {
  SCOPES,
  codeOf,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

// The built extension in Chromium, the dev IdP on 127.0.0.1; pages call the broker directly
// (externally_connectable). Consent, sign-in through launchWebAuthFlow, origins and frames.
describe('extension: consent and sign-in from a page', () => {
  let stack: ExtensionStack;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    stack = await startExtensionStack();
    page = await stack.open(stack.pages.pageUrl());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('loads with the id fixed by the committed public key', () => {
    const manifest = JSON.parse(readFileSync(join(stack.extensionDir, 'manifest.json'), 'utf8'));
    expect(stack.browser.extensionId).toBe(extensionIdFromKey(manifest.key));
    expect(manifest.externally_connectable.matches).toContain('http://127.0.0.1/*');
  });

  it('answers hello with the protocol version and its id', async () => {
    const reply = await stack.direct(page, 'hello');
    expect(reply).toMatchObject({
      ok: true,
      result: { version: 1, extensionId: stack.extensionId },
    });
  });

  it('refuses malformed messages with invalid_request', async () => {
    const reply = await stack.direct(page, 'getToken', { provider: '../etc', scopes: 'all' });
    expect(codeOf(reply)).toBe('invalid_request');
  });

  it('getToken with no grant: consent_required, and no window opens', async () => {
    const before = stack.browser.context.pages().length;
    expect(codeOf(await stack.direct(page, 'getToken', { provider: 'dev' }))).toBe(
      'consent_required',
    );
    expect(stack.browser.context.pages().length).toBe(before);
  });

  it('Deny in the consent window: consent_denied, remembered', async () => {
    const consent = stack.nextConsent();
    const reply = stack.direct(page, 'signIn', { provider: 'dev' });
    const win = await consent;
    await expect
      .poll(() => win.textContent('body'), { timeout: 10_000 })
      .toContain(stack.pages.origin);
    const text = (await win.textContent('body')) ?? '';
    expect(text).toContain('Dev IdP');
    for (const scope of SCOPES) expect(text).toContain(scope);
    await win.getByRole('button', { name: 'Deny' }).click();
    expect(codeOf(await reply)).toBe('consent_denied');
    // Afterwards the site cannot tell a denial from never having asked.
    const denied = await stack.direct(page, 'getToken', { provider: 'dev' });
    const other = await stack.open(stack.otherPages.pageUrl());
    const never = await stack.direct(other, 'getToken', { provider: 'dev' });
    await other.close();
    const shape = (r: typeof denied, origin: string) =>
      JSON.stringify('ok' in r && !r.ok ? r.error : r).replace(origin, '<origin>');
    expect(codeOf(denied)).toBe('consent_required');
    expect(shape(denied, stack.pages.origin)).toBe(shape(never, stack.otherPages.origin));
    const grants = (await stack.internal('listGrants', { origin: stack.pages.origin })) as {
      decision: string;
    }[];
    expect(grants).toMatchObject([{ decision: 'denied', provider: 'dev' }]);
  });

  it('Allow, then sign in through launchWebAuthFlow at the dev IdP; three calls share one window', async () => {
    await stack.internal('revokeGrant', { origin: stack.pages.origin, provider: 'dev' });
    const windows: string[] = [];
    const count = (p: Page) => void windows.push(p.url());
    stack.browser.context.on('page', count);
    const consent = stack.nextConsent();
    const replies = [1, 2, 3].map(() => stack.direct(page, 'signIn', { provider: 'dev' }));
    const win = await consent;
    await win.getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    const all = await Promise.all(replies);
    stack.browser.context.off('page', count);
    expect(windows.filter((u) => u.includes('/src/consent/'))).toHaveLength(1);
    expect(windows.filter((u) => u.startsWith(new URL(stack.idp.issuer).origin))).toHaveLength(1);
    const signedIn = all[0]!;
    for (const r of all) expect(tokenOf(r)).toBe(tokenOf(signedIn));
    token = tokenOf(signedIn);
    expect(await stack.apiStatus(token)).toBe(200);
    // A page gets the access token only.
    const result = (signedIn as { result: Record<string, unknown> }).result;
    expect(Object.keys(result).sort()).toEqual(
      expect.arrayContaining(['accessToken', 'provider', 'scopes', 'tokenType']),
    );
    expect(JSON.stringify(result)).not.toMatch(/refresh|id_?token/i);
  });

  it('getToken then answers from the stored session, without a window', async () => {
    const before = stack.browser.context.pages().length;
    const reply = await stack.direct(page, 'getToken', { provider: 'dev', minValidity: 0 });
    expect(tokenOf(reply)).toBe(token);
    expect(stack.browser.context.pages().length).toBe(before);
  });

  it('asks again for scopes beyond the grant; refuses scopes the provider does not have, and none', async () => {
    await stack.saveProvider({ scopes: [...SCOPES, 'email'] });
    try {
      const reply = await stack.direct(page, 'getToken', {
        provider: 'dev',
        scopes: [...SCOPES, 'email'],
      });
      expect(codeOf(reply)).toBe('consent_required');
    } finally {
      await stack.saveProvider();
    }
    for (const scopes of [['admin'], []]) {
      expect(codeOf(await stack.direct(page, 'getToken', { provider: 'dev', scopes }))).toBe(
        'invalid_scope',
      );
    }
  });

  it('a non-granted origin is refused and never sees the token', async () => {
    const other = await stack.open(stack.otherPages.pageUrl());
    for (const method of ['getToken', 'userinfo', 'signOut']) {
      const reply = await stack.direct(other, method, { provider: 'dev' });
      expect(codeOf(reply)).toBe('consent_required');
      expect(JSON.stringify(reply)).not.toContain(token);
    }
    // The user is signed in to dev, but a site without a grant is not told so, nor the account.
    const providers = await stack.direct(other, 'providers');
    expect(providers).toMatchObject({
      ok: true,
      result: [{ id: 'dev', granted: false, signedIn: false }],
    });
    expect(JSON.stringify(providers)).not.toContain('alice');
    expect(await stack.direct(page, 'providers')).toMatchObject({
      ok: true,
      result: [{ id: 'dev', granted: true, signedIn: true }],
    });
    await other.close();
  });

  it('a frame of another origin inside a granted page is refused', async () => {
    // The frame's origin is allowed, so only the frame rule can refuse it.
    await stack.internal('allowSite', { origin: stack.otherPages.origin, provider: 'dev' });
    try {
      const top = await stack.open(stack.otherPages.pageUrl());
      expect(
        tokenOf(await stack.direct(top, 'getToken', { provider: 'dev', minValidity: 0 })),
      ).toBe(token);
      await top.close();
      const host = await stack.open(stack.pages.frameHostUrl(stack.otherPages.pageUrl()));
      const frame = await (async () => {
        for (let i = 0; i < 50; i++) {
          const f = host.frames().find((f) => f.url().startsWith(stack.otherPages.origin));
          if (f) {
            await f.waitForFunction(() => 'direct' in window);
            return f;
          }
          await host.waitForTimeout(100);
        }
        throw new Error('no frame');
      })();
      const reply = await stack.direct(frame, 'getToken', { provider: 'dev', minValidity: 0 });
      expect(codeOf(reply)).toBe('origin_not_allowed');
      expect(JSON.stringify(reply)).not.toContain(token);
      await host.close();
    } finally {
      await stack.internal('revokeGrant', { origin: stack.otherPages.origin, provider: 'dev' });
    }
  });

  it('fetch goes to resource origins only, with the token attached by the broker', async () => {
    const ok = await stack.direct(page, 'fetch', { provider: 'dev', url: stack.idp.apiUrl });
    expect(ok).toMatchObject({ ok: true, result: { status: 200 } });
    const refused = await stack.direct(page, 'fetch', {
      provider: 'dev',
      url: `${stack.otherPages.origin}/page.html`,
    });
    expect(codeOf(refused)).toBe('origin_not_allowed');
  });

  it('userinfo answers the signed-in account', async () => {
    const reply = await stack.direct(page, 'userinfo', { provider: 'dev' });
    expect(reply).toMatchObject({ ok: true, result: { sub: expect.any(String) } });
  });

  it('logs each call with origin and outcome, tokens masked', async () => {
    const log = (await stack.internal('readLog', { origin: stack.pages.origin, limit: 200 })) as {
      method?: string;
      code?: string;
      ok?: boolean;
    }[];
    expect(log.some((r) => r.method === 'getToken' && r.code === 'consent_required')).toBe(true);
    expect(log.some((r) => r.method === 'signIn' && r.ok === true)).toBe(true);
    expect(JSON.stringify(log)).not.toContain(token);
  });
});
