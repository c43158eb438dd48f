import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.js';
import { authorize, postForm, redeem } from './support/flows.js';

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

describe('dev IdP: CORS', () => {
  it('lets configured and loopback origins call the token endpoint, and no other', async () => {
    const server = (idp = await startDevIdp({ corsOrigins: [EXTENSION] }));
    for (const origin of [EXTENSION, 'http://localhost:5173', 'http://127.0.0.1:4000']) {
      const preflight = await fetch(`${server.issuer}/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      const tokens = await postForm(
        `${server.issuer}/token`,
        { grant_type: 'refresh_token', refresh_token: 'x', client_id: server.clientId },
        { origin },
      );
      expect(tokens.json.error).toBe('invalid_grant');
      expect(tokens.headers.get('access-control-allow-origin')).toBe(origin);
    }
    const evil = await postForm(
      `${server.issuer}/token`,
      { grant_type: 'refresh_token', refresh_token: 'x', client_id: server.clientId },
      { origin: 'https://evil.example' },
    );
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(server.requests.entries.at(-1)?.origin).toBe('https://evil.example');
  });

  it('answers the demo API preflight for allowed origins only', async () => {
    const server = (idp = await startDevIdp({ corsOrigins: [EXTENSION] }));
    const preflight = await fetch(server.apiUrl, {
      method: 'OPTIONS',
      headers: {
        origin: EXTENSION,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    const denied = await fetch(server.apiUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect(server.requests.count('api')).toBe(0); // preflights are not requests to count
  });
});

describe('dev IdP: demo API', () => {
  it('refuses a missing, malformed or unknown bearer token with 401 invalid_token', async () => {
    const server = (idp = await startDevIdp());
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer unknown-token']) {
      const res = await fetch(server.apiUrl, {
        headers: authorization ? { authorization } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_token');
    }
    expect(server.requests.count('api')).toBe(4);
  });

  it('echoes the request without its credentials', async () => {
    const server = (idp = await startDevIdp({ corsOrigins: [EXTENSION] }));
    const tokens = await redeem(server, await authorize(server, {}, { login: 'fay' }));
    const res = await fetch(server.apiUrl.replace('/api/me', '/api/echo?x=1'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.json.access_token}`,
        'content-type': 'application/json',
        'x-demo': 'yes',
        origin: EXTENSION,
      },
      body: '{"hello":"world"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    const echo = (await res.json()) as {
      sub: string;
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echo).toMatchObject({ sub: 'fay', method: 'POST', body: '{"hello":"world"}' });
    expect(echo.headers['x-demo']).toBe('yes');
    expect(echo.headers.authorization).toBeUndefined();
  });

  it('refuses an expired access token', async () => {
    const server = (idp = await startDevIdp({ accessTokenTtl: 1 }));
    const tokens = await redeem(server, await authorize(server));
    // Poll rather than time: the token expires on the server's clock within about two seconds.
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(server.apiUrl, {
        headers: { authorization: `Bearer ${tokens.json.access_token}` },
      });
      status = res.status;
      await res.body?.cancel();
    }
    expect(status).toBe(401);
  });

  it('answers 413 to an oversized body', async () => {
    const server = (idp = await startDevIdp());
    const res = await fetch(`${server.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=x&pad=${'a'.repeat(100_000)}`,
    });
    expect(res.status).toBe(413);
  });
});
