import { endSessionOverHttp, HttpBrowser, loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { rawRefresh, startStack, type Stack } from './support.js';

// OpenID Connect RP-Initiated Logout 1.0: revoking the tokens leaves the provider's own session;
// only the end-session endpoint ends it, so that the next sign-in asks who the user is.
describe('signOut with endSession', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  const signInWith = async (browser: HttpBrowser, prompts: string[] = []) => {
    const { url } = await stack.client.beginAuthorization('dev');
    return stack.client.completeAuthorization(await loginOverHttp(url, { browser, prompts }));
  };

  it('revokes, then gives the end-session URL; the provider session ends and the next sign-in shows the login form', async () => {
    stack = await startStack();
    const browser = new HttpBrowser();
    const first: string[] = [];
    await signInWith(browser, first);
    expect(first).toContain('login');
    // With the provider session alive, a second sign-in does not ask to log in.
    const again: string[] = [];
    await signInWith(browser, again);
    expect(again).not.toContain('login');

    const session = (await stack.storage.getTokens('dev'))!;
    const postLogout = stack.idp.redirectUris[0]!;
    const out = (await stack.client.signOut('dev', {
      endSession: true,
      postLogoutRedirectUri: postLogout,
    }))!;
    // Revocation came first (the tokens are dead before the user reaches the provider), and the
    // local session is gone.
    expect(out.revoked).toBe(true);
    expect((await rawRefresh(stack, session.refreshToken!)).status).toBe(400);
    const api = await fetch(stack.idp.apiUrl, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(api.status).toBe(401);
    expect(await stack.client.getTokenInfo('dev')).toBeUndefined();

    const url = new URL(out.endSessionUrl!);
    expect(url.origin + url.pathname).toBe(`${stack.idp.issuer}/session/end`);
    expect(url.searchParams.get('client_id')).toBe(stack.idp.clientId);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(postLogout);
    expect(url.searchParams.get('state')).toBe(out.state);
    expect(url.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);

    const back = new URL(await endSessionOverHttp(out.endSessionUrl!, { browser }));
    expect(back.href.split('?')[0]).toBe(postLogout);
    expect(back.searchParams.get('state')).toBe(out.state);

    // The provider's session has ended: the same browser is asked to log in again.
    const after: string[] = [];
    await signInWith(browser, after);
    expect(after).toContain('login');
  });

  it('without endSession (or an end-session endpoint) only revokes; a bad post-logout URI is refused before anything', async () => {
    stack = await startStack();
    await signInWith(new HttpBrowser());
    await expect(
      stack.client.signOut('dev', {
        endSession: true,
        postLogoutRedirectUri: 'javascript:alert(1)',
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await stack.client.getTokenInfo('dev')).toBeDefined();
    const plain = await stack.client.signOut('dev');
    expect(plain).toBeUndefined();
    expect(await stack.client.getTokenInfo('dev')).toBeUndefined();
  });
});
