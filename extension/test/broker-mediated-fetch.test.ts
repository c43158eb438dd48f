import type { ProviderConfig } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The page-facing `fetch` with its collaborators replaced: a granted origin, a stored token, and a
// resource server played by a stubbed global `fetch`.
const config: ProviderConfig = {
  id: 'dev',
  clientId: 'c',
  issuer: 'https://idp.example',
  resourceOrigins: ['https://api.example'],
  allowedOrigins: ['https://app.example'],
};
vi.mock('../src/background/provider-registry.js', () => ({
  findProvider: async () => ({ config, source: 'options' }),
  loadProviders: async () => [{ config, source: 'options' }],
}));
vi.mock('../src/background/broker-storage.js', () => ({
  brokerStorage: async () => ({ getGrant: async () => undefined }),
}));
vi.mock('../src/background/broker-client.js', () => ({
  brokerClient: async () => ({
    getAccessToken: async () => 'at-1',
    getTokenInfo: async () => ({
      provider: 'dev',
      accessToken: 'at-1',
      tokenType: 'Bearer',
      scopes: [],
    }),
  }),
}));

const { MAX_FETCH_RESPONSE_BYTES, pageHandlers } = await import('../src/background/page-api.js');
const ctx = { origin: 'https://app.example' };
const call = (url = 'https://api.example/data') =>
  pageHandlers.fetch({ provider: 'dev', url }, ctx);

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
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends the token only to a resource origin, following no redirect', async () => {
    fetchMock.mockResolvedValue(new Response('ok', { status: 200 }));
    await expect(call()).resolves.toMatchObject({ status: 200, body: 'ok' });
    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(new Headers(init.headers).get('authorization')).toBe('Bearer at-1');
    expect(init.redirect).toBe('error');
    await expect(call('https://elsewhere.example/')).rejects.toMatchObject({
      code: 'origin_not_allowed',
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('stops reading a body that outgrows the bound, and cancels it', async () => {
    const { stream, seen } = endlessBody();
    fetchMock.mockResolvedValue(new Response(stream, { status: 200 }));
    await expect(call()).rejects.toMatchObject({ code: 'invalid_response' });
    expect(seen.cancelled).toBe(true);
    expect(seen.bytes).toBeLessThanOrEqual(MAX_FETCH_RESPONSE_BYTES + 2 * 64 * 1024);
  }, 10_000);

  it('refuses an announced Content-Length over the bound without reading the body', async () => {
    const { stream, seen } = endlessBody();
    const headers = { 'content-length': String(MAX_FETCH_RESPONSE_BYTES + 1) };
    fetchMock.mockResolvedValue(new Response(stream, { status: 200, headers }));
    await expect(call()).rejects.toMatchObject({ code: 'invalid_response' });
    expect(seen.bytes).toBeLessThanOrEqual(2 * 64 * 1024);
  });
});
