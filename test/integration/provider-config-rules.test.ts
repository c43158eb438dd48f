import { createClient, type ProviderConfig } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** A public client of the dev IdP whose id_tokens are ES256-signed (as Roblox's are). */
const es256Client = {
  client_id: 'es256-client',
  token_endpoint_auth_method: 'none',
  application_type: 'web',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: ['http://127.0.0.1/callback'],
  id_token_signed_response_alg: 'ES256',
};

/** Drops the RFC 9207 `iss` from the authorization response, as a server without it sends none. */
const withoutIss = {
  tamper: (ctx: { endpoint: string }) =>
    ctx.endpoint === 'authorization'
      ? { rewriteRedirect: (loc: URL) => (loc.searchParams.delete('iss'), loc) }
      : undefined,
};

/** A client for a Roblox-style provider: issuer and both endpoints configured, no metadata. */
function explicitProvider(s: Stack, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: 'roblox',
    issuer: s.idp.issuer,
    authorizationEndpoint: `${s.idp.issuer}/auth`,
    tokenEndpoint: `${s.idp.issuer}/token`,
    clientId: es256Client.client_id,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: ['openid', 'profile'],
    ...overrides,
  };
}

async function signInWith(s: Stack, provider: ProviderConfig, login = 'alice') {
  s.client = createClient({ providers: [provider], storage: s.storage });
  const { url } = await s.client.beginAuthorization(provider.id);
  return s.client.completeAuthorization(await loginOverHttp(url, { login }));
}

describe('explicit endpoints with an issuer (no metadata)', () => {
  it('makes no /.well-known request and accepts an ES256 id_token and a callback without iss', async () => {
    stack = await startStack({ extraClients: [es256Client], ...withoutIss });
    const info = await signInWith(stack, explicitProvider(stack));
    expect(info.account?.sub).toBeTruthy();
    expect(stack.idp.requests.count('discovery')).toBe(0);
    const token = stack.idp.requests.entries.find((e) => e.endpoint === 'token');
    expect(token).toBeDefined();
  });

  it('holds the id_token to idTokenSigningAlgs when the server publishes none', async () => {
    stack = await startStack({ extraClients: [es256Client], ...withoutIss });
    await expect(
      signInWith(stack, explicitProvider(stack, { idTokenSigningAlgs: ['RS256'] })),
    ).rejects.toMatchObject({ code: 'invalid_response', message: expect.stringContaining('alg') });
    expect(stack.idp.requests.count('discovery')).toBe(0);
  });

  it('still checks an iss the server does send against the configured issuer', async () => {
    stack = await startStack({
      extraClients: [es256Client],
      tamper: (ctx) =>
        ctx.endpoint === 'authorization'
          ? {
              rewriteRedirect: (loc) => (
                loc.searchParams.has('code') &&
                  loc.searchParams.set('iss', 'https://other.example'),
                loc
              ),
            }
          : undefined,
    });
    await expect(signInWith(stack, explicitProvider(stack))).rejects.toMatchObject({
      code: 'issuer_mismatch',
    });
  });
});

describe('scopes written as one string', () => {
  it('are split, so a token asked for with those scopes is found', async () => {
    stack = await startStack();
    const info = await signInWith(stack, {
      ...stack.provider,
      clientId: stack.idp.clientId,
      scopes: ['openid profile  email'],
    });
    expect([...info.scopes].sort()).toEqual(['email', 'openid', 'profile']);
    const auth = stack.idp.requests.entries.find((e) => e.endpoint === 'authorization');
    expect(auth).toBeDefined();
    const token = await stack.client.getAccessToken('dev', { scopes: ['profile', 'email'] });
    expect(token).toBe(info.accessToken);
  });
});

describe('discovered metadata is held to the https rule', () => {
  it('refuses an authorization endpoint over plain http on a non-loopback host', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'discovery'
          ? {
              rewriteJson: (json) => ({
                ...json,
                authorization_endpoint: 'http://idp.example.com/auth',
              }),
            }
          : undefined,
    });
    await expect(stack.client.beginAuthorization('dev')).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringMatching(/authorization_endpoint.*https/),
    });
  });

  it('refuses any other metadata endpoint that is not https or loopback', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'discovery'
          ? { rewriteJson: (json) => ({ ...json, revocation_endpoint: 'http://evil.example/r' }) }
          : undefined,
    });
    await expect(stack.client.beginAuthorization('dev')).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining('revocation_endpoint'),
    });
  });
});

describe('tokenResponse JSONPath against a real token endpoint', () => {
  it('maps a nested response ($.data.tokens[0].access_token)', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? { rewriteJson: (json) => (json.access_token ? { data: { tokens: [json] } } : json) }
          : undefined,
    });
    const info = await signInWith(stack, {
      ...stack.provider,
      tokenResponse: {
        accessToken: '$.data.tokens[0].access_token',
        tokenType: '$.data.tokens[0].token_type',
        expiresIn: "$.data.tokens[0]['expires_in']",
        idToken: '$.data.tokens[0].id_token',
        refreshToken: '$.data.tokens[0].refresh_token',
        scope: '$.data.tokens[0].scope',
      },
    });
    expect(info.accessToken).toBeTruthy();
    expect(info.account?.sub).toBeTruthy();
  });

  it('ends a response nested thousands of arrays deep in invalid_response', async () => {
    const depth = 50_000;
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? {
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: `{"data":${'['.repeat(depth)}${']'.repeat(depth)}}`,
            }
          : undefined,
    });
    await expect(
      signInWith(stack, {
        ...stack.provider,
        tokenResponse: { accessToken: '$.data[0]' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('scopes and parameters of one flow', () => {
  const plain = (s: Stack): ProviderConfig => ({
    id: 'plain',
    clientId: s.idp.clientId,
    authorizationEndpoint: `${s.idp.issuer}/auth`,
    tokenEndpoint: `${s.idp.issuer}/token`,
    redirectUri: s.idp.redirectUris[0]!,
    scopes: ['profile'],
  });

  it('refuses openid for a provider without issuer before anyone is sent to consent', async () => {
    stack = await startStack();
    stack.client = createClient({ providers: [plain(stack)], storage: stack.storage });
    await expect(
      stack.client.beginAuthorization('plain', { scopes: ['openid profile'] }),
    ).rejects.toMatchObject({ code: 'config_invalid', message: expect.stringContaining('issuer') });
    expect(stack.idp.requests.count('authorization')).toBe(0);
  });

  it("splits a call's space-separated scopes and refuses request-changing extra parameters", async () => {
    stack = await startStack();
    const { url } = await stack.client.beginAuthorization('dev', {
      scopes: ['openid  email', 'email'],
    });
    expect(new URL(url).searchParams.get('scope')).toBe('openid email');
    for (const k of ['request', 'request_uri', 'response_mode'])
      await expect(
        stack.client.beginAuthorization('dev', { extraParams: { [k]: 'x' } }),
      ).rejects.toMatchObject({ code: 'config_invalid' });
  });
});
