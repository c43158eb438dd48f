import { createClient, isLatchkeyError, type ProviderConfig } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const APP_REDIRECT = 'com.example.app:/oauth';

/** A provider with no issuer (endpoints only, no openid) and one native-app redirect URI. */
function plainProvider(s: Stack, redirectUri = s.idp.redirectUris[0]!): ProviderConfig {
  return {
    id: 'plain',
    clientId: s.idp.clientId,
    authorizationEndpoint: `${s.idp.issuer}/auth`,
    tokenEndpoint: `${s.idp.issuer}/token`,
    redirectUri,
    scopes: ['profile'],
  };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('callback URL checks', () => {
  it('refuses an empty iss for a provider without issuer with a stable code', async () => {
    stack = await startStack();
    stack.client = createClient({ providers: [plainProvider(stack)], storage: stack.storage });
    const { url } = await stack.client.beginAuthorization('plain');
    const callback = new URL(await loginOverHttp(url, { login: 'alice' }));
    callback.searchParams.set('iss', '');
    stack.idp.requests.reset();
    const err = await failure(stack.client.completeAuthorization(callback.href));
    expect(isLatchkeyError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'invalid_response' });
    expect(stack.idp.requests.count('token')).toBe(0);
  });

  it('compares scheme, host, port and path of the redirect URI, not the "null" origin', async () => {
    stack = await startStack();
    stack.client = createClient({
      providers: [plainProvider(stack, APP_REDIRECT)],
      storage: stack.storage,
    });
    for (const forged of [
      'javascript:/oauth',
      'data:/oauth',
      'com.evil.app:/oauth',
      'com.example.app://evil/oauth',
      'com.example.app:/oauth/more',
    ]) {
      const { state } = await stack.client.beginAuthorization('plain');
      const err = await failure(
        stack.client.completeAuthorization(`${forged}?state=${state}&code=c`),
      );
      expect(err, forged).toMatchObject({ code: 'state_mismatch' });
    }
    expect(stack.idp.requests.count('token')).toBe(0);
    // The registered redirect URI itself gets as far as the token endpoint (which refuses the code).
    const { state } = await stack.client.beginAuthorization('plain');
    await expect(
      stack.client.completeAuthorization(`${APP_REDIRECT}?state=${state}&code=c`),
    ).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(stack.idp.requests.count('token')).toBe(1);
  });

  it('ends every fuzzed callback in a LatchkeyError with a stable code, never internal_error', async () => {
    stack = await startStack();
    const s = stack;
    const withIssuer: ProviderConfig = {
      ...plainProvider(s),
      id: 'with-issuer',
      issuer: s.idp.issuer,
    };
    s.client = createClient({ providers: [plainProvider(s), withIssuer], storage: s.storage });
    const FRESH = '\u0000fresh-state';
    const text = fc.string({ maxLength: 40 });
    const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4 });
    const base = fc.oneof(
      { weight: 6, arbitrary: fc.constant(s.idp.redirectUris[0]!) },
      fc.constantFrom(
        `${s.idp.redirectUris[0]!}/`,
        'http://127.0.0.1:1/callback',
        APP_REDIRECT,
        'javascript:/callback',
        'about:blank',
        'https://app.example/callback',
      ),
    );
    const structured = fc
      .record({
        base,
        state: some(fc.oneof({ weight: 3, arbitrary: fc.constant(FRESH) }, text)),
        iss: some(
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc.constantFrom(
                '',
                s.idp.issuer,
                'https://evil.example',
                'not a url',
                'urn:x',
              ),
            },
            text,
          ),
        ),
        code: some(text),
        error: some(fc.constantFrom('access_denied', 'server_error', '', 'x'.repeat(300))),
        extra: fc.array(fc.tuple(text, text), { maxLength: 3 }),
        inFragment: fc.boolean(),
      })
      .map(({ base: b, inFragment, extra, ...fields }) => {
        const query = new URLSearchParams(extra);
        for (const [k, v] of Object.entries(fields)) if (v !== null) query.append(k, v);
        return `${b}${inFragment ? '#' : '?'}${query}`;
      });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: structured }, fc.string({ maxLength: 200 })),
        fc.constantFrom('plain', 'with-issuer'),
        async (template, providerId) => {
          // A pending transaction for every run, so that callbacks get past the state check.
          const { state } = await s.client.beginAuthorization(providerId);
          const callback = template.replaceAll(encodeURIComponent(FRESH), state);
          try {
            await s.client.completeAuthorization(callback);
          } catch (err) {
            if (!isLatchkeyError(err) || err.code === 'internal_error') {
              throw new Error(`${callback} → ${String(err)}`, { cause: err });
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
