import { afterEach, describe, expect, it } from 'vitest';

import { untilRefreshDue } from './refresh-due.js';
import { signIn, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** A signed-in stack whose access token is already past its refresh margin. */
async function expiredSession(options: Parameters<typeof startStack>[2] = {}) {
  stack = await startStack({ accessTokenTtl: 2 }, {}, options);
  await signIn(stack);
  await untilRefreshDue(stack);
  stack.idp.requests.reset();
  return (await stack.storage.getTokens('dev'))!;
}

describe('refresh failures keep the tokens unless the server said invalid_grant', () => {
  it('clears the session on invalid_grant from a rotated-away refresh token', async () => {
    const before = await expiredSession();
    // Use the refresh token elsewhere: rotation makes the stored one dead.
    const res = await fetch(`${stack!.idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before.refreshToken!,
        client_id: stack!.idp.clientId,
      }),
    });
    expect(res.status).toBe(200);
    const err = await stack!.client.getAccessToken('dev').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'login_required' });
    expect(await stack!.storage.getTokens('dev')).toBeUndefined();
  });

  for (const [name, action, code] of [
    [
      'answers 500',
      { status: 500, body: '{"error":"server_error","error_description":"db down"}' },
      'server_error',
    ],
    [
      'answers 502 with HTML',
      { status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } },
      'server_error',
    ],
    [
      'returns malformed JSON',
      {
        status: 200,
        body: '{"access_token": "abc", ',
        headers: { 'content-type': 'application/json' },
      },
      'invalid_response',
    ],
    ['hangs', { hang: true as const }, 'timeout'],
  ] as const) {
    it(`keeps the stored tokens when the token endpoint ${name}`, async () => {
      const before = await expiredSession({ timeout: 1500 });
      stack!.idp.setTamper((ctx) => (ctx.endpoint === 'token' ? action : undefined));
      const err = await stack!.client.getAccessToken('dev').catch((e: unknown) => e);
      expect(err).toMatchObject({ code, retryable: true });
      expect(stack!.idp.requests.count('token', 'refresh_token')).toBe(1);
      const after = (await stack!.storage.getTokens('dev'))!;
      expect(after.accessToken).toBe(before.accessToken);
      expect(after.refreshToken).toBe(before.refreshToken);
      expect(after.lastRefresh).toMatchObject({ ok: false, error: code });
      // The next call, with the server healthy again, refreshes with the kept refresh token.
      stack!.idp.setTamper(undefined);
      await expect(stack!.client.getAccessToken('dev')).resolves.not.toBe(before.accessToken);
    });
  }

  it('refuses an access token over the size limit and stores nothing', async () => {
    stack = await startStack(
      {
        tamper: (ctx) =>
          ctx.endpoint === 'token'
            ? { rewriteJson: (json) => ({ ...json, access_token: 'x'.repeat(3000) }) }
            : undefined,
      },
      { maxTokenLength: 2048 },
    );
    await expect(signIn(stack)).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
  });

  it('maps a non-standard token response through tokenResponse paths', async () => {
    stack = await startStack(
      {
        tamper: (ctx) =>
          ctx.endpoint === 'token'
            ? {
                rewriteJson: (json) => ({
                  ok: true,
                  authed_user: {
                    access_token: json.access_token,
                    token_type: json.token_type,
                    expires_in: json.expires_in,
                    scope: json.scope,
                  },
                  refresh: json.refresh_token,
                  id_token: json.id_token,
                }),
              }
            : undefined,
      },
      {
        tokenResponse: {
          accessToken: 'authed_user.access_token',
          tokenType: 'authed_user.token_type',
          expiresIn: 'authed_user.expires_in',
          scope: 'authed_user.scope',
          refreshToken: 'refresh',
        },
      },
    );
    const info = await signIn(stack);
    const stored = (await stack.storage.getTokens('dev'))!;
    expect(info.accessToken).toBe(stored.accessToken);
    expect(stored.refreshToken).toBeTruthy();
    const me = await fetch(stack.idp.apiUrl, {
      headers: { authorization: `Bearer ${info.accessToken}` },
    });
    expect(me.status).toBe(200);
  });

  it('adds extraTokenParams to token and refresh requests', async () => {
    const seen: (string | null)[] = [];
    stack = await startStack(
      {
        accessTokenTtl: 2,
        tamper: (ctx) => (
          ctx.endpoint === 'token' && seen.push(ctx.body?.get('audience') ?? null),
          undefined
        ),
      },
      { extraTokenParams: { audience: 'demo-api' } },
    );
    await signIn(stack);
    await untilRefreshDue(stack);
    await stack.client.getAccessToken('dev');
    expect(seen).toEqual(['demo-api', 'demo-api']);
  });
});

describe('one refresh at a time', () => {
  it('serves 50 concurrent getAccessToken calls on an expired token with one refresh request', async () => {
    const before = await expiredSession();
    const tokens = await Promise.all(
      Array.from({ length: 50 }, () => stack!.client.getAccessToken('dev')),
    );
    expect(stack!.idp.requests.count('token', 'refresh_token')).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(before.accessToken);
  });
});
