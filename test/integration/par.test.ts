import { loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

// RFC 9126: the parameters go to the server in a POST; the browser only carries a reference.
describe('pushed authorization requests', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('pushes the parameters when the server advertises PAR: the URL has only client_id and request_uri', async () => {
    const pushed: URLSearchParams[] = [];
    stack = await startStack({
      par: 'required',
      tamper: ({ path, body }) => {
        if (path === '/request' && body) pushed.push(body);
        return undefined;
      },
    });
    const { url, state } = await stack.client.beginAuthorization('dev', {
      loginHint: 'dana',
      resource: `${stack.idp.issuer}/api`,
    });
    const sent = new URL(url);
    expect([...sent.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(sent.searchParams.get('client_id')).toBe(stack.idp.clientId);
    expect(sent.origin + sent.pathname).toBe(`${stack.idp.issuer}/auth`);
    // Everything else went in the push, with no client secret (a public client).
    expect(pushed).toHaveLength(1);
    const body = pushed[0]!;
    expect(body.get('state')).toBe(state);
    expect(body.get('code_challenge_method')).toBe('S256');
    expect(body.get('login_hint')).toBe('dana');
    expect(body.get('resource')).toBe(`${stack.idp.issuer}/api`);
    expect(body.get('client_id')).toBe(stack.idp.clientId);
    expect(body.has('client_secret')).toBe(false);

    const info = await stack.client.completeAuthorization(await loginOverHttp(url));
    expect(info.account?.sub).toBe('dana');
  });

  it('par: false keeps the parameters in the URL; par: true without the endpoint is a config error', async () => {
    stack = await startStack({ par: true }, { par: false });
    const { url } = await stack.client.beginAuthorization('dev');
    expect(new URL(url).searchParams.get('code_challenge')).toBeTruthy();
    await stack.close();

    stack = await startStack({}, { par: true });
    await expect(stack.client.beginAuthorization('dev')).rejects.toMatchObject({
      code: 'config_invalid',
    });
    // Unset, against a server without PAR: the plain authorization request, as before.
    const plain = await startStack();
    try {
      const { url: direct } = await plain.client.beginAuthorization('dev');
      expect(new URL(direct).searchParams.get('state')).toBeTruthy();
    } finally {
      await plain.close();
    }
  });
});
