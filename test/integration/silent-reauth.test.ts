import { HttpBrowser, loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

// OIDC Core §3.1.2.1 prompt=none: the provider answers without any page, with a code while its
// session lives, else with an error that says what a visible sign-in would need.
describe('silent re-authentication (prompt=none)', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('is off unless the provider config turns it on', async () => {
    stack = await startStack();
    await expect(stack.client.beginSilentAuthorization('dev')).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(stack.idp.requests.count('authorization')).toBe(0);
  });

  it('succeeds without any page while the provider session lives, for the same user', async () => {
    stack = await startStack({}, { silentReauth: true });
    const browser = new HttpBrowser();
    const { url: first } = await stack.client.beginAuthorization('dev');
    const session = await stack.client.completeAuthorization(
      await loginOverHttp(first, { browser, login: 'erin' }),
    );

    const { url } = await stack.client.beginSilentAuthorization('dev', {
      prompt: 'login',
    } as never);
    const sent = new URL(url).searchParams;
    expect(sent.get('prompt')).toBe('none');
    expect(sent.get('id_token_hint')?.split('.')).toHaveLength(3);
    const prompts: string[] = [];
    const again = await stack.client.completeAuthorization(
      await loginOverHttp(url, { browser, prompts }),
    );
    expect(prompts).toEqual([]);
    expect(again.account?.sub).toBe(session.account?.sub);
    expect(again.accessToken).not.toBe(session.accessToken);
  });

  it('answers login_required without a page when there is no provider session', async () => {
    stack = await startStack({}, { silentReauth: true });
    const { url } = await stack.client.beginSilentAuthorization('dev');
    const prompts: string[] = [];
    const callback = await loginOverHttp(url, { prompts });
    expect(prompts).toEqual([]);
    await expect(stack.client.completeAuthorization(callback)).rejects.toMatchObject({
      code: 'login_required',
      error: 'login_required',
    });
    expect(stack.idp.requests.count('token')).toBe(0);
  });

  it('answers consent_required for scopes the user has not granted', async () => {
    stack = await startStack({}, { silentReauth: true });
    const browser = new HttpBrowser();
    const { url: first } = await stack.client.beginAuthorization('dev');
    await stack.client.completeAuthorization(await loginOverHttp(first, { browser }));
    const { url } = await stack.client.beginSilentAuthorization('dev', {
      scopes: ['openid', 'api:read'],
    });
    await expect(
      stack.client.completeAuthorization(await loginOverHttp(url, { browser })),
    ).rejects.toMatchObject({ code: 'consent_required' });
    // The session from before is untouched.
    expect(await stack.client.getTokenInfo('dev')).toBeDefined();
  });

  it('maps interaction_required and account_selection_required to their codes', async () => {
    stack = await startStack({}, { silentReauth: true });
    for (const error of ['interaction_required', 'account_selection_required'] as const) {
      const { url, state } = await stack.client.beginSilentAuthorization('dev');
      const callback = new URL(new URL(url).searchParams.get('redirect_uri')!);
      callback.search = new URLSearchParams({ error, state, iss: stack.idp.issuer }).toString();
      await expect(stack.client.completeAuthorization(callback)).rejects.toMatchObject({
        code: error,
      });
    }
  });
});
