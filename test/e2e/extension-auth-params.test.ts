import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

// Issue 11's per-call authorization parameters (OIDC Core §3.1.2.1: login_hint, acr_values,
// max_age, ui_locales) from a page through the broker's messaging API, in real Chromium against the
// dev IdP: what reaches the authorization endpoint, and what getToken does with max_age and acr.
describe('extension: per-call authorization parameters through the broker', () => {
  let stack: ExtensionStack;
  let site: Page;
  /** The query of the last authorization request the dev IdP received. */
  const lastAuthorization = () =>
    new URLSearchParams(
      stack.idp.requests.entries.filter((e) => e.query !== undefined).at(-1)?.query,
    );
  const opened: string[] = [];

  beforeAll(async () => {
    stack = await startExtensionStack();
    stack.browser.context.on('page', (p) => void opened.push(p.url()));
    site = await stack.open(stack.pages.pageUrl());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signIn sends login_hint, acr_values, max_age and ui_locales; auth_time then meets maxAge', async () => {
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', {
      provider: 'dev',
      loginHint: 'alice@example.com',
      acrValues: ['urn:mace:incommon:iap:silver'],
      maxAge: 600,
      uiLocales: ['fr-CA', 'en'],
    });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    expect(await stack.apiStatus(tokenOf(await reply))).toBe(200);

    const sent = lastAuthorization();
    expect(sent.get('login_hint')).toBe('alice@example.com');
    expect(sent.get('acr_values')).toBe('urn:mace:incommon:iap:silver');
    expect(sent.get('max_age')).toBe('600');
    expect(sent.get('ui_locales')).toBe('fr-CA en');
    expect(sent.get('code_challenge_method')).toBe('S256');

    // The session has an auth_time (max_age asked for it): a call with maxAge takes it.
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev', maxAge: 3600 }))).toBe(
      'ok',
    );
  });

  it('getToken with an acr the session does not meet answers login_required, with no window and no request', async () => {
    const requests = stack.idp.requests.entries.length;
    opened.length = 0;
    const reply = await stack.direct(site, 'getToken', {
      provider: 'dev',
      acrValues: 'urn:example:mfa',
    });
    expect(codeOf(reply)).toBe('login_required');
    expect(stack.idp.requests.entries.length).toBe(requests);
    expect(opened).toEqual([]);
    // The session itself is untouched.
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe('ok');
  });

  it('malformed parameters are refused with invalid_request before anything is sent', async () => {
    const requests = stack.idp.requests.entries.length;
    for (const bad of [
      { maxAge: -1 },
      { maxAge: 1.5 },
      { maxAge: '60' },
      { uiLocales: 'en_US' },
      { acrValues: ['a b'] },
      { loginHint: 42 },
      { prompt: 'none login' },
    ]) {
      expect(
        codeOf(await stack.direct(site, 'signIn', { provider: 'dev', ...bad })),
        JSON.stringify(bad),
      ).toBe('invalid_request');
    }
    expect(stack.idp.requests.entries.length).toBe(requests);
  });
});
