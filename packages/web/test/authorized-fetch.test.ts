import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatchkeyError } from '@latchkey/core';
import { authorizedFetch } from '../src/page/authorized-fetch.js';
import { assertResourceOrigin } from '../src/page/resource-origin.js';

// A real HTTP server: accepts only `good`, answers 401 invalid_token to anything else.
const seen: (string | undefined)[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers.authorization);
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.headers.authorization === 'Bearer good') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${req.method} ${body}`);
    } else {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' }).end();
    }
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('authorizedFetch', () => {
  it('refreshes and retries once on invalid_token, body included', async () => {
    seen.length = 0;
    const refreshed: string[] = [];
    const res = await authorizedFetch(new Request(`${base}/x`, { method: 'POST', body: 'hello' }), {
      token: async () => 'stale',
      refresh: async (stale) => (refreshed.push(stale), 'good'),
    });
    expect(await res.text()).toBe('ok POST hello');
    expect(seen).toEqual(['Bearer stale', 'Bearer good']);
    expect(refreshed).toEqual(['stale']);
  });

  it('does not retry a second time', async () => {
    seen.length = 0;
    const res = await authorizedFetch(new Request(`${base}/x`), {
      token: async () => 'stale',
      refresh: async () => 'still-bad',
    });
    expect(res.status).toBe(401);
    expect(seen).toEqual(['Bearer stale', 'Bearer still-bad']);
  });

  it('does not refresh on success', async () => {
    seen.length = 0;
    let refreshes = 0;
    const res = await authorizedFetch(new Request(`${base}/x`), {
      token: async () => 'good',
      refresh: async () => (refreshes++, 'good'),
    });
    expect(res.status).toBe(200);
    expect(refreshes).toBe(0);
  });
});

describe('assertResourceOrigin', () => {
  const provider = {
    id: 'p',
    clientId: 'c',
    resourceOrigins: ['http://127.0.0.1:9400', 'not a url'],
  };
  it('allows listed origins only', () => {
    expect(() => assertResourceOrigin(provider, 'http://127.0.0.1:9400/api/me')).not.toThrow();
    for (const url of [
      'http://127.0.0.1:9401/api',
      'http://localhost:9400/api',
      'https://127.0.0.1:9400/',
    ]) {
      expect(() => assertResourceOrigin(provider, url)).toThrow(LatchkeyError);
    }
    expect(() =>
      assertResourceOrigin({ id: 'p', clientId: 'c' }, 'http://127.0.0.1:9400/'),
    ).toThrow(expect.objectContaining({ code: 'origin_not_allowed' }));
  });
});
