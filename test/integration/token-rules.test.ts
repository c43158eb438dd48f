import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  accessTokenHeader,
  createClient,
  type LatchkeyStorage,
  type ProviderConfig,
} from '@latchkey/core';
import { startDevIdp } from '@latchkey/dev-idp';
import { afterEach, describe, expect, it } from 'vitest';

import { untilRefreshDue } from './refresh-due.js';
import { freshStorage, signIn, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const refreshes = () => stack!.idp.requests.count('token', 'refresh_token');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the refresh margin (at most half the token lifetime)', () => {
  it('a server answering expires_in 5: ten calls within the lifetime make at most one refresh', async () => {
    stack = await startStack({ accessTokenTtl: 5 });
    const info = await signIn(stack);
    const lifetime = info.expiresAt! - Date.now();
    for (let i = 0; i < 10; i++) {
      await stack.client.getAccessToken('dev');
      await pause(lifetime / 11);
    }
    expect(refreshes()).toBeLessThanOrEqual(1);
  });

  it('a minValidity of a day is clamped: no refresh for a fresh token, one per token once due', async () => {
    stack = await startStack({ accessTokenTtl: 4 });
    const info = await signIn(stack);
    for (let i = 0; i < 5; i++)
      expect((await stack.client.getToken('dev', { minValidity: 86_400 })).accessToken).toBe(
        info.accessToken,
      );
    expect(refreshes()).toBe(0);
    await untilRefreshDue(stack, 86_400);
    const next = await stack.client.getToken('dev', { minValidity: 86_400 });
    expect(next.accessToken).not.toBe(info.accessToken);
    for (let i = 0; i < 5; i++)
      expect((await stack.client.getToken('dev', { minValidity: 86_400 })).accessToken).toBe(
        next.accessToken,
      );
    expect(refreshes()).toBe(1);
  });
});

describe('a refresh refused by the client after the server answered 200 with a rotated refresh token', () => {
  it('stores the rotated refresh token, never the old one, when oauth4webapi refuses the answer', async () => {
    stack = await startStack({ accessTokenTtl: 2 });
    await signIn(stack);
    const before = (await stack.storage.getTokens('dev'))!;
    await untilRefreshDue(stack);
    let rotated: unknown;
    stack.idp.setTamper((ctx) =>
      ctx.grantType === 'refresh_token'
        ? { rewriteJson: (json) => ((rotated = json.refresh_token), { ...json, expires_in: -1 }) }
        : undefined,
    );
    await expect(stack.client.getAccessToken('dev')).rejects.toMatchObject({
      code: 'invalid_response',
    });
    const after = (await stack.storage.getTokens('dev'))!;
    expect(typeof rotated).toBe('string');
    expect(after.refreshToken).toBe(rotated);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).toBe(before.accessToken);
    // The stored refresh token is the live one: the next refresh succeeds.
    stack.idp.setTamper(undefined);
    await expect(stack.client.getAccessToken('dev')).resolves.not.toBe(before.accessToken);
  });

  it('a rotated refresh token over the size limit is not stored, and the old one is not written back', async () => {
    stack = await startStack({ accessTokenTtl: 2 });
    await signIn(stack);
    const before = (await stack.storage.getTokens('dev'))!;
    await untilRefreshDue(stack);
    stack.idp.setTamper((ctx) =>
      ctx.grantType === 'refresh_token'
        ? { rewriteJson: (json) => ({ ...json, refresh_token: 'r'.repeat(70_000) }) }
        : undefined,
    );
    await expect(stack.client.getAccessToken('dev')).rejects.toMatchObject({
      code: 'invalid_response',
    });
    const after = (await stack.storage.getTokens('dev'))!;
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.refreshToken).toBeUndefined();
  });
});

describe('token sizes and bytes', () => {
  // RFC 6750 §2.1 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/';
  const token = alphabet.repeat(31).slice(0, 2046) + '==';

  it('a 2,048-character token of every b64token character passes byte for byte (maxTokenLength 2048)', async () => {
    expect(token).toHaveLength(2048);
    stack = await startStack(
      {
        tamper: (ctx) =>
          ctx.grantType === 'authorization_code'
            ? {
                rewriteJson: (json) => ({
                  ...json,
                  access_token: token,
                  // Refresh tokens and id_tokens have their own, larger limit.
                  refresh_token: 'R'.repeat(5000),
                }),
              }
            : undefined,
      },
      { maxTokenLength: 2048, tokenHeader: { name: 'X-Access-Token' } },
    );
    const info = await signIn(stack);
    expect(info.accessToken).toBe(token);
    expect(await stack.client.getAccessToken('dev')).toBe(token);
    expect((await stack.storage.getTokens('dev'))!.refreshToken).toHaveLength(5000);
    const provider = stack.client.providers[0]!;
    expect(accessTokenHeader(provider, info.accessToken)).toEqual(['X-Access-Token', token]);
    expect(accessTokenHeader({}, info.accessToken)).toEqual(['Authorization', `Bearer ${token}`]);
  });

  it('one character more is refused, and nothing is stored', async () => {
    stack = await startStack(
      {
        tamper: (ctx) =>
          ctx.grantType === 'authorization_code'
            ? { rewriteJson: (json) => ({ ...json, access_token: token + 'A' }) }
            : undefined,
      },
      { maxTokenLength: 2048 },
    );
    await expect(signIn(stack)).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
  });

  it('a huge expires_in is clamped: expiresAt is a finite date within a year', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? { rewriteJson: (json) => ({ ...json, expires_in: 1e300 }) }
          : undefined,
    });
    const info = await signIn(stack);
    expect(Number.isFinite(info.expiresAt)).toBe(true);
    expect(info.expiresAt).toBeLessThanOrEqual(Date.now() + 366 * 86_400_000);
  });
});

describe('a refreshed id_token of another subject (OIDC Core §12.2)', () => {
  it('is refused (invalid_response) and the session is kept', async () => {
    stack = await startStack({ accessTokenTtl: 2 });
    // Bob's real id_token, from his own sign-in with the same client.
    const bobStorage = freshStorage();
    const bobClient = createClient({ providers: [stack.provider], storage: bobStorage });
    const { loginOverHttp } = await import('@latchkey/dev-idp/testing');
    await bobClient.completeAuthorization(
      await loginOverHttp((await bobClient.beginAuthorization('dev')).url, { login: 'bob' }),
    );
    const bobIdToken = (await bobStorage.getTokens('dev'))!.idToken!;
    bobStorage.close();

    await signIn(stack, 'alice');
    const before = (await stack.storage.getTokens('dev'))!;
    expect(before.account).toBe('alice');
    await untilRefreshDue(stack);
    stack.idp.setTamper((ctx) =>
      ctx.grantType === 'refresh_token'
        ? { rewriteJson: (json) => ({ ...json, id_token: bobIdToken }) }
        : undefined,
    );
    await expect(stack.client.getAccessToken('dev')).rejects.toMatchObject({
      code: 'invalid_response',
    });
    const after = (await stack.storage.getTokens('dev'))!;
    expect(after).toMatchObject({ account: 'alice', accessToken: before.accessToken });
    expect(after.idToken).toBe(before.idToken);
    stack.idp.setTamper(undefined);
    const info = await stack.client.refresh('dev');
    expect(info.account?.sub).toBe('alice');
  });
});

describe('a token response whose access token is also its refresh token', () => {
  it('is refused as invalid_response and nothing is stored', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'token'
          ? { rewriteJson: (json) => ({ ...json, refresh_token: json.access_token }) }
          : undefined,
    });
    await expect(signIn(stack)).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
  });
});

describe('the authority of stored tokens covers how and where they are sent', () => {
  for (const change of [
    { tokenHeader: { name: 'X-Access-Token' } },
    { resourceOrigins: ['https://api.example'] },
    { extraTokenParams: { audience: 'other' } },
    { tokenRequestFormat: 'json' as const },
  ] satisfies Partial<ProviderConfig>[]) {
    it(`a changed ${Object.keys(change)[0]} drops the session`, async () => {
      stack = await startStack();
      await signIn(stack);
      const changed = createClient({
        providers: [{ ...stack.provider, ...change }],
        storage: stack.storage,
      });
      expect(await changed.getTokenInfo('dev')).toBeUndefined();
      expect(await stack.storage.getTokens('dev')).toBeUndefined();
      expect(stack.idp.requests.count('revocation')).toBe(0);
    });
  }

  it('a session stored under the older, shorter authority is adopted and keeps working', async () => {
    stack = await startStack();
    const info = await signIn(stack);
    const p = stack.provider;
    // The stored format of the authority before it covered more than endpoints, client id and DPoP.
    const legacy = JSON.stringify([p.issuer, null, null, null, null, null, p.clientId, false]);
    await stack.storage.putTokens({
      ...(await stack.storage.getTokens('dev'))!,
      authority: legacy,
    });
    const again = createClient({ providers: [p], storage: stack.storage });
    expect(await again.getAccessToken('dev')).toBe(info.accessToken);
    expect((await stack.storage.getTokens('dev'))!.authority).not.toBe(legacy);
    expect((await again.refresh('dev')).accessToken).not.toBe(info.accessToken);
  });
});

describe('adopting a session stored without an authority', () => {
  it('never writes its old refresh token back over a refresh that landed since it was read', async () => {
    stack = await startStack();
    await signIn(stack);
    const { authority: _, ...legacy } = (await stack.storage.getTokens('dev'))!;
    await stack.storage.putTokens(legacy);
    // Storage whose next read answers late (as a slow tab would): with what was stored when it was
    // asked, but only once the refresh below has written its rotated refresh token.
    const real = stack.storage;
    let slowRead = true;
    let release!: () => void;
    const refreshed = new Promise<void>((resolve) => (release = resolve));
    const storage: LatchkeyStorage = {
      ...real,
      async getTokens(provider) {
        const record = await real.getTokens(provider);
        if (slowRead) {
          slowRead = false;
          await refreshed;
        }
        return record;
      },
      async putTokens(record) {
        await real.putTokens(record);
        if (record.refreshToken !== legacy.refreshToken) release();
      },
    };
    const client = createClient({ providers: [stack.provider], storage });
    const [info, fresh] = await Promise.all([client.getTokenInfo('dev'), client.refresh('dev')]);
    const stored = (await real.getTokens('dev'))!;
    expect(stored.refreshToken).not.toBe(legacy.refreshToken);
    expect(stored.accessToken).toBe(fresh.accessToken);
    expect(info?.accessToken).toBe(fresh.accessToken);
    // The stored refresh token is the live one.
    await expect(client.refresh('dev')).resolves.toBeDefined();
  });
});

describe('a new sign-in replacing a session', () => {
  it("of another account keeps the first account's session beside it: nothing is revoked", async () => {
    stack = await startStack();
    await signIn(stack, 'alice');
    const first = (await stack.storage.getTokens('dev'))!.refreshToken!;
    await signIn(stack, 'bob');
    expect((await stack.client.getTokenInfo('dev'))!.account?.sub).toBe('bob');
    await expect(stack.client.refresh('dev')).resolves.toBeDefined();
    expect(stack.idp.requests.count('revocation')).toBe(0);
    expect((await stack.storage.getTokens('dev', 'alice'))!.refreshToken).toBe(first);
    await expect(stack.client.refresh('dev', { account: 'alice' })).resolves.toMatchObject({
      account: { sub: 'alice' },
    });
  });

  it("keeps the same account's new session alive: its replaced refresh token is not revoked", async () => {
    stack = await startStack();
    const { HttpBrowser, loginOverHttp } = await import('@latchkey/dev-idp/testing');
    // One browser, so one session at the IdP for both sign-ins (its cookies kept).
    const browser = new HttpBrowser();
    for (let i = 0; i < 2; i++) {
      const { url } = await stack.client.beginAuthorization('dev');
      await stack.client.completeAuthorization(
        await loginOverHttp(url, { login: 'alice', browser }),
      );
    }
    // oidc-provider issues the second sign-in's tokens under the grant of the first: revoking the
    // replaced refresh token would revoke the whole grant (RFC 7009 §2.1), the new session with it.
    await expect(stack.client.refresh('dev')).resolves.toBeDefined();
    await expect(stack.client.refresh('dev')).resolves.toBeDefined();
    expect(stack.idp.requests.count('revocation')).toBe(0);
  });

  it('never sends a refresh token of another authority (a redefined provider) to the new server', async () => {
    stack = await startStack();
    await signIn(stack, 'alice');
    const other = await startDevIdp();
    try {
      const redefined = createClient({
        providers: [
          { ...stack.provider, issuer: other.issuer, redirectUri: other.redirectUris[0]! },
        ],
        storage: stack.storage,
      });
      const { loginOverHttp } = await import('@latchkey/dev-idp/testing');
      const info = await redefined.completeAuthorization(
        await loginOverHttp((await redefined.beginAuthorization('dev')).url, { login: 'bob' }),
      );
      expect(info.account?.sub).toBe('bob');
      // What a revocation would have followed: the refresh of the new session, then sign-out.
      await redefined.refresh('dev');
      expect(other.requests.count('revocation')).toBe(0);
      expect(stack.idp.requests.count('revocation')).toBe(0);
    } finally {
      await other.close();
    }
  });
});

/**
 * A token endpoint that accepts JSON only (Content-Type: application/json), in front of the dev
 * IdP's: it records each body and passes it on as the form oidc-provider reads.
 */
async function jsonOnlyTokenEndpoint(target: string) {
  const seen: { path: string; body: Record<string, string> }[] = [];
  const server: Server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      res.writeHead(415, { 'content-type': 'application/json' });
      res.end('{"error":"invalid_request","error_description":"JSON only"}');
      return;
    }
    const body = JSON.parse(raw) as Record<string, string>;
    seen.push({ path: req.url!, body });
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('tokenRequestFormat json and refreshEndpoint', () => {
  it('sends the code exchange and the refresh as JSON objects with the same fields, the refresh to refreshEndpoint', async () => {
    stack = await startStack();
    const json = await jsonOnlyTokenEndpoint(`${stack.idp.issuer}/token`);
    try {
      const provider: ProviderConfig = {
        ...stack.provider,
        tokenEndpoint: `${json.origin}/token`,
        refreshEndpoint: `${json.origin}/refresh`,
        tokenRequestFormat: 'json',
        extraTokenParams: { audience: 'demo-api' },
      };
      const client = createClient({ providers: [provider], storage: stack.storage });
      const { loginOverHttp } = await import('@latchkey/dev-idp/testing');
      const info = await client.completeAuthorization(
        await loginOverHttp((await client.beginAuthorization('dev')).url, { login: 'alice' }),
      );
      const refreshed = await client.refresh('dev');
      expect(refreshed.accessToken).not.toBe(info.accessToken);

      expect(json.seen.map((s) => s.path)).toEqual(['/token', '/refresh']);
      const [code, refresh] = json.seen.map((s) => s.body);
      expect(Object.keys(code!).sort()).toEqual(
        ['audience', 'client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri'].sort(),
      );
      expect(code).toMatchObject({
        grant_type: 'authorization_code',
        client_id: stack.idp.clientId,
        redirect_uri: stack.provider.redirectUri,
        audience: 'demo-api',
      });
      expect(code!.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      expect(Object.keys(refresh!).sort()).toEqual(
        ['audience', 'client_id', 'grant_type', 'refresh_token'].sort(),
      );
      expect(refresh).toMatchObject({ grant_type: 'refresh_token', client_id: stack.idp.clientId });
    } finally {
      await json.close();
    }
  });
});
