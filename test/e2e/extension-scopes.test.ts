import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCOPES,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
  type Reply,
} from './support/extension-stack.js';

const WIDE = [...SCOPES, 'api:read'];

/** The dev IdP's `/api/read` (needs `api:read`) with a bearer token: the status. */
async function readStatus(stack: ExtensionStack, token: string): Promise<number> {
  const url = new URL('/api/read', stack.idp.issuer);
  return (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status;
}

const scopesOf = (reply: Reply) =>
  [...(reply as unknown as { result: { scopes: string[] } }).result.scopes].sort();

// One session per provider in the broker, many sites: a site the user allowed fewer scopes than
// another site signed in with gets an access token narrowed to its grant (a refresh with `scope`,
// RFC 6749 §6), never the wider session token — for getToken, fetch and userinfo alike.
describe("extension: a site gets a token limited to its grant's scopes", () => {
  let stack: ExtensionStack;
  let narrow: Page;
  let wide: Page;
  let wideToken: string;

  beforeAll(async () => {
    stack = await startExtensionStack();
    // A page may ask only for scopes the provider is configured with: api:read among them.
    await stack.saveProvider({ scopes: WIDE });
    narrow = await stack.open(stack.pages.pageUrl());
    wide = await stack.open(stack.otherPages.pageUrl());
    // The narrow site is allowed the default scopes and signs in with them.
    let consent = stack.nextConsent();
    let reply = stack.direct(narrow, 'signIn', { provider: 'dev', scopes: SCOPES });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    tokenOf(await reply);
    // The wide site is allowed api:read too, and signs in for it.
    consent = stack.nextConsent();
    reply = stack.direct(wide, 'signIn', { provider: 'dev', scopes: WIDE, prompt: 'login' });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    wideToken = tokenOf(await reply);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the wide site holds the session token, with api:read', async () => {
    const reply = await stack.direct(wide, 'getToken', { provider: 'dev' });
    expect(tokenOf(reply)).toBe(wideToken);
    expect(scopesOf(reply)).toContain('api:read');
    expect(await readStatus(stack, wideToken)).toBe(200);
  });

  it('the narrow site gets another token, without api:read, narrowed once and then cached', async () => {
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    const reply = await stack.direct(narrow, 'getToken', { provider: 'dev' });
    const token = tokenOf(reply);
    expect(token).not.toBe(wideToken);
    expect(scopesOf(reply)).toContain('openid');
    expect(scopesOf(reply)).not.toContain('api:read');
    expect(await stack.apiStatus(token)).toBe(200);
    expect(await readStatus(stack, token)).toBe(403);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    expect(tokenOf(await stack.direct(narrow, 'getToken', { provider: 'dev' }))).toBe(token);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
  });

  it("the narrow site's token-mediated fetch carries the narrowed token", async () => {
    const url = new URL('/api/read', stack.idp.issuer).href;
    expect(await stack.direct(narrow, 'fetch', { provider: 'dev', url })).toMatchObject({
      ok: true,
      result: { status: 403 },
    });
    expect(await stack.direct(wide, 'fetch', { provider: 'dev', url })).toMatchObject({
      ok: true,
      result: { status: 200 },
    });
  });

  it("the narrow site's userinfo goes through its narrowed token and answers", async () => {
    const reply = await stack.direct(narrow, 'userinfo', { provider: 'dev' });
    expect(reply).toMatchObject({ ok: true, result: { sub: expect.any(String) } });
  });

  it('asking for a scope beyond the grant needs consent; the wide session stays usable', async () => {
    const reply = await stack.direct(narrow, 'getToken', { provider: 'dev', scopes: WIDE });
    expect(reply).toMatchObject({ ok: false, error: { code: 'consent_required' } });
    expect(
      await readStatus(stack, tokenOf(await stack.direct(wide, 'getToken', { provider: 'dev' }))),
    ).toBe(200);
  });
});
