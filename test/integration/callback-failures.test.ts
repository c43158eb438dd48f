import { afterEach, describe, expect, it } from 'vitest';

import { createClient } from '@latchkey/core';
import { startDevIdp, type DevIdp } from '@latchkey/dev-idp';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { authorizeOverHttp, freshStorage, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
let other: DevIdp | undefined;
afterEach(async () => {
  await stack?.close();
  await other?.close();
  stack = undefined;
  other = undefined;
});

/** Every callback failure must be decided before any token request reaches the server. */
async function expectRefusedBeforeTokenRequest(s: Stack, callback: string, code: string) {
  await expect(s.client.completeAuthorization(callback)).rejects.toMatchObject({
    name: 'LatchkeyError',
    code,
  });
  expect(s.idp.requests.count('token')).toBe(0);
  expect(await s.storage.getTokens('dev')).toBeUndefined();
}

describe('callback validation (before any token request)', () => {
  it('refuses a callback whose state matches no transaction', async () => {
    stack = await startStack();
    const callback = new URL(await authorizeOverHttp(stack));
    callback.searchParams.set('state', 'forged-state');
    await expectRefusedBeforeTokenRequest(stack, callback.href, 'state_mismatch');
  });

  it('refuses a callback without state', async () => {
    stack = await startStack();
    const callback = new URL(await authorizeOverHttp(stack));
    callback.searchParams.delete('state');
    await expectRefusedBeforeTokenRequest(stack, callback.href, 'state_mismatch');
  });

  it('accepts a state once only', async () => {
    stack = await startStack();
    const callback = await authorizeOverHttp(stack);
    await stack.client.completeAuthorization(callback);
    const tokensBefore = await stack.storage.getTokens('dev');
    stack.idp.requests.reset();
    await expect(stack.client.completeAuthorization(callback)).rejects.toMatchObject({
      code: 'state_mismatch',
    });
    expect(stack.idp.requests.count('token')).toBe(0);
    expect(await stack.storage.getTokens('dev')).toEqual(tokensBefore);
  });

  it('refuses a response whose iss was tampered with', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'authorization'
          ? {
              rewriteRedirect: (loc) => (
                loc.searchParams.has('code') &&
                  loc.searchParams.set('iss', 'https://attacker.example'),
                loc
              ),
            }
          : undefined,
    });
    await expectRefusedBeforeTokenRequest(stack, await authorizeOverHttp(stack), 'issuer_mismatch');
  });

  it('refuses a response without iss from a server that advertises it (RFC 9207)', async () => {
    stack = await startStack();
    const callback = new URL(await authorizeOverHttp(stack));
    callback.searchParams.delete('iss');
    await expectRefusedBeforeTokenRequest(stack, callback.href, 'issuer_mismatch');
  });

  it('turns an error callback into the server error code with its description', async () => {
    stack = await startStack();
    const { url } = await stack.client.beginAuthorization('dev');
    const callback = await loginOverHttp(url, { deny: true });
    const err = await stack.client.completeAuthorization(callback).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'access_denied',
      error_description: 'End-User aborted interaction',
    });
    expect(stack.idp.requests.count('token')).toBe(0);
  });

  it('defends against mix-up: a response of one server delivered to the transaction of another', async () => {
    // Two providers on two ports; the user is sent to B, whose response is replayed with A's state.
    other = await startDevIdp();
    stack = await startStack();
    const storage = freshStorage();
    stack.client = createClient({
      providers: [
        {
          id: 'dev',
          issuer: stack.idp.issuer,
          clientId: stack.idp.clientId,
          redirectUri: stack.idp.redirectUris[1]!,
          scopes: ['openid'],
        },
        {
          id: 'other',
          issuer: other.issuer,
          clientId: other.clientId,
          redirectUri: other.redirectUris[1]!,
          scopes: ['openid'],
        },
      ],
      storage,
    });
    stack.storage = storage;
    const a = await stack.client.beginAuthorization('dev');
    const b = await stack.client.beginAuthorization('other');
    const fromB = new URL(await loginOverHttp(b.url));
    fromB.searchParams.set('state', a.state);
    await expectRefusedBeforeTokenRequest(stack, fromB.href, 'issuer_mismatch');
    expect(other.requests.count('token')).toBe(0);
    // B's own transaction is untouched and still completes.
    fromB.searchParams.set('state', b.state);
    await expect(stack.client.completeAuthorization(fromB.href)).resolves.toMatchObject({
      provider: 'other',
    });
  });
});
