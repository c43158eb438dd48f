import type { ProviderConfig } from '@latchkey/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_FETCH_RESPONSE_BYTES, pageHandlers } from '../src/background/page-api.js';
import { testContext, session, userGrant } from './support/test-context.js';

// The page-facing `fetch` through the handler with a test context: a granted origin, a session, and
// a resource server played by the context's `fetch`.
const config: ProviderConfig = {
  id: 'dev',
  clientId: 'c',
  issuer: 'https://idp.example',
  resourceOrigins: ['https://api.example'],
  scopes: ['openid'],
};
const APP = 'https://app.example';

type FetchCall = [string, RequestInit];

function setup(over: Partial<ProviderConfig> = {}) {
  const t = testContext([{ config: { ...config, ...over }, source: 'options' }]);
  t.state.session = session({ accessToken: 'at-1', scopes: ['openid'] });
  void t.storage.putGrant(userGrant(APP, 'dev', ['openid']));
  const calls: FetchCall[] = [];
  let answer: (n: number) => Response = () => new Response('ok', { status: 200 });
  t.state.fetch = (async (url: string, init: RequestInit) => {
    calls.push([url, init]);
    return answer(calls.length);
  }) as typeof fetch;
  let tokens = 0;
  const client = t.ctx.client;
  t.ctx.client = async () => {
    const c = await client();
    const getToken = c.getToken.bind(c);
    return { ...c, getToken: (...a: Parameters<typeof getToken>) => (tokens++, getToken(...a)) };
  };
  const call = (params: Record<string, unknown> = {}) =>
    pageHandlers.fetch(
      { provider: 'dev', url: 'https://api.example/data', ...params },
      { origin: APP, ctx: t.ctx },
    );
  return {
    ...t,
    calls,
    call,
    tokens: () => tokens,
    respond: (f: (n: number) => Response) => void (answer = f),
  };
}

/** A body that never ends, counting what was pulled from it and whether it was cancelled. */
function endlessBody() {
  const seen = { bytes: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('broker: token-mediated fetch', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('sends the token only to a resource origin, following no redirect', async () => {
    await expect(t.call()).resolves.toMatchObject({ status: 200, body: 'ok' });
    const [, init] = t.calls[0]!;
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer at-1');
    expect(init.redirect).toBe('error');
    await expect(t.call({ url: 'https://elsewhere.example/' })).rejects.toMatchObject({
      code: 'origin_not_allowed',
    });
    expect(t.calls).toHaveLength(1);
  });

  it("sends the token in the provider's tokenHeader (core's accessTokenHeader)", async () => {
    t = setup({ tokenHeader: { name: 'X-Access-Token' } });
    await t.call();
    const headers = new Headers(t.calls[0]![1].headers);
    expect(headers.get('x-access-token')).toBe('at-1');
    expect(headers.get('authorization')).toBeNull();
  });

  it('refuses a header value outside Latin-1 before any token is obtained', async () => {
    await expect(t.call({ headers: [['X-Name', 'Ωmega']] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(t.call({ headers: [['Bad Name', 'x']] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(t.tokens()).toBe(0);
    expect(t.calls).toHaveLength(0);
  });

  it('refuses a GET or HEAD with a body, even an empty one, as invalid_request', async () => {
    for (const method of [undefined, 'GET', 'HEAD']) {
      const error = await t.call({ body: '', ...(method && { method }) }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_request' });
      expect((error as { retryable?: boolean }).retryable).not.toBe(true);
    }
    expect(t.tokens()).toBe(0);
  });

  it('refreshes once and retries once on a 401 invalid_token challenge', async () => {
    t.respond((n) =>
      n === 1
        ? new Response('', {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="x", Bearer error="invalid_token"' },
          })
        : new Response('fresh', { status: 200 }),
    );
    await expect(t.call()).resolves.toMatchObject({ status: 200, body: 'fresh' });
    expect(t.state.refreshes).toBe(1);
    expect(t.calls.map(([, i]) => new Headers(i.headers).get('authorization'))).toEqual([
      'Bearer at-1',
      'Bearer at-1+r',
    ]);
  });

  it('answers other 401s as they are, and retries an invalid_token at most once', async () => {
    const challenge = (error: string) =>
      new Response('', { status: 401, headers: { 'www-authenticate': `Bearer error="${error}"` } });
    t.respond(() => challenge('insufficient_scope'));
    await expect(t.call()).resolves.toMatchObject({ status: 401 });
    expect(t.calls).toHaveLength(1);
    t.respond(() => challenge('invalid_token'));
    await expect(t.call()).resolves.toMatchObject({ status: 401 });
    expect(t.calls).toHaveLength(3);
    // An overlong header is not parsed.
    t.respond(
      () =>
        new Response('', {
          status: 401,
          headers: { 'www-authenticate': `Bearer error="invalid_token", x="${'a'.repeat(5000)}"` },
        }),
    );
    await expect(t.call()).resolves.toMatchObject({ status: 401 });
    expect(t.calls).toHaveLength(4);
  });

  it('stops reading a body that outgrows the bound, and cancels it', async () => {
    const { stream, seen } = endlessBody();
    t.respond(() => new Response(stream, { status: 200 }));
    await expect(t.call()).rejects.toMatchObject({ code: 'invalid_response' });
    expect(seen.cancelled).toBe(true);
    expect(seen.bytes).toBeLessThanOrEqual(MAX_FETCH_RESPONSE_BYTES + 2 * 64 * 1024);
  }, 10_000);

  it('refuses an announced Content-Length over the bound without reading the body', async () => {
    const { stream, seen } = endlessBody();
    const headers = { 'content-length': String(MAX_FETCH_RESPONSE_BYTES + 1) };
    t.respond(() => new Response(stream, { status: 200, headers }));
    await expect(t.call()).rejects.toMatchObject({ code: 'invalid_response' });
    expect(seen.bytes).toBeLessThanOrEqual(2 * 64 * 1024);
  });
});
