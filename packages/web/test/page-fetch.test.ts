import 'fake-indexeddb/auto';

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LatchkeyError, openIdbStorage, type ProviderConfig } from '@latchkey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageLatchkey } from '../src/page/page-latchkey.js';

// Two real HTTP servers: the resource server (`api`) and another origin (`other`) that records
// whatever reaches it, so a token that leaves the resource origin is seen.
const seen: { server: string; url: string; headers: IncomingHttpHeaders }[] = [];
const listen = async (name: string): Promise<{ server: Server; base: string }> => {
  const server = createServer((req, res) => {
    seen.push({ server: name, url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (url.pathname === '/redirect' && to) res.writeHead(302, { location: to }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${name}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
};

let api: { server: Server; base: string };
let other: { server: Server; base: string };
let closedBase: string;
let n = 0;

beforeAll(async () => {
  api = await listen('api');
  other = await listen('other');
  const closed = await listen('closed');
  closedBase = closed.base;
  await new Promise<void>((resolve) => closed.server.close(() => resolve()));
});
afterAll(async () => {
  for (const s of [api.server, other.server])
    await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** Page mode in Node with a stored, valid session for provider `api` (token `good`). */
async function signedIn(extra: Partial<ProviderConfig> = {}): Promise<PageLatchkey> {
  const storage = openIdbStorage({ name: `web-page-fetch-${process.pid}-${++n}` });
  const provider: ProviderConfig = {
    id: 'api',
    issuer: api.base,
    clientId: 'spa',
    redirectUri: `${api.base}/`,
    resourceOrigins: [api.base, closedBase],
    ...extra,
  };
  await storage.putTokens({
    provider: 'api',
    account: '',
    accessToken: 'good',
    tokenType: 'Bearer',
    expiresAt: Date.now() + 3_600_000,
    scopes: [],
    updatedAt: Date.now(),
  });
  return new PageLatchkey({ providers: [provider], storage });
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('page-mode latchkey.fetch', () => {
  it('sends the token in the provider’s tokenHeader, or Authorization: Bearer', async () => {
    const bearer = await signedIn();
    expect(await (await bearer.fetch('api', `${api.base}/me`)).text()).toBe('ok api');
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer good');
    bearer.close();

    const custom = await signedIn({ tokenHeader: { name: 'X-Access-Token' } });
    expect((await custom.fetch('api', `${api.base}/me`)).status).toBe(200);
    expect(seen.at(-1)!.headers['x-access-token']).toBe('good');
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
    custom.close();
  });

  it('refuses a URL with credentials as invalid_request, another origin as origin_not_allowed', async () => {
    const lk = await signedIn();
    const before = seen.length;
    for (const url of [
      `http://api@127.0.0.1:${new URL(other.base).port}/x`,
      `http://user:pw@${new URL(api.base).host}/x`,
    ]) {
      const err = await failure(lk.fetch('api', url));
      expect(err).toBeInstanceOf(LatchkeyError);
      expect(err).toMatchObject({ code: 'invalid_request' });
    }
    expect(await failure(lk.fetch('api', `${other.base}/x`))).toMatchObject({
      code: 'origin_not_allowed',
    });
    expect(
      await failure(lk.fetch('api', `${api.base}/x`, { method: 'GET', body: 'x' })),
    ).toMatchObject({
      code: 'invalid_request',
    });
    expect(seen.length).toBe(before);
    lk.close();
  });

  it('a network failure is a retryable network_error', async () => {
    const lk = await signedIn();
    const err = await failure(lk.fetch('api', `${closedBase}/x`));
    expect(err).toBeInstanceOf(LatchkeyError);
    expect(err).toMatchObject({ code: 'network_error', retryable: true });
    const aborted = await failure(
      lk.fetch('api', `${api.base}/x`, { signal: AbortSignal.abort() }),
    );
    expect(aborted).toMatchObject({ code: 'aborted' });
    lk.close();
  });

  it('does not follow a redirect with the token, to another origin or its own', async () => {
    const lk = await signedIn();
    for (const to of [`${other.base}/steal`, `${api.base}/elsewhere`]) {
      const before = seen.length;
      const err = await failure(
        lk.fetch('api', `${api.base}/redirect?to=${encodeURIComponent(to)}`),
      );
      expect(err).toBeInstanceOf(LatchkeyError);
      expect(err).toMatchObject({ code: 'network_error' });
      // Only the first hop was sent; nothing reached the redirect's target.
      expect(seen.slice(before).map((s) => s.url)).toEqual([
        `/redirect?to=${encodeURIComponent(to)}`,
      ]);
    }
    lk.close();
  });
});
