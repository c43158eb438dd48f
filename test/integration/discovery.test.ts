import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('metadata discovery', () => {
  const discoveryPaths = (s: Stack) =>
    s.idp.requests.entries.filter((e) => e.endpoint === 'discovery').map((e) => e.path);

  it('asks RFC 8414 metadata first, once per client', async () => {
    stack = await startStack();
    await stack.client.beginAuthorization('dev');
    await stack.client.beginAuthorization('dev');
    expect(discoveryPaths(stack)).toEqual(['/.well-known/oauth-authorization-server']);
  });

  it('falls back to OpenID Connect discovery when there is no RFC 8414 document', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.path === '/.well-known/oauth-authorization-server'
          ? { status: 404, body: '{"error":"not_found"}' }
          : undefined,
    });
    const { url } = await stack.client.beginAuthorization('dev');
    expect(url.startsWith(`${stack.idp.issuer}/auth?`)).toBe(true);
    expect(discoveryPaths(stack)).toEqual([
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
    ]);
  });

  it('refuses to start when the metadata offers PKCE without S256', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'discovery'
          ? { rewriteJson: (json) => ({ ...json, code_challenge_methods_supported: ['plain'] }) }
          : undefined,
    });
    await expect(stack.client.beginAuthorization('dev')).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('S256'),
    });
  });

  it('refuses metadata whose issuer is not the configured one', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'discovery'
          ? { rewriteJson: (json) => ({ ...json, issuer: 'https://elsewhere.example' }) }
          : undefined,
    });
    await expect(stack.client.beginAuthorization('dev')).rejects.toMatchObject({
      code: 'issuer_mismatch',
    });
  });
});
