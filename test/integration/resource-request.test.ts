import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { signIn, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

// A resource server on loopback that records the headers it receives.
const received: Record<string, string | string[] | undefined>[] = [];
const api = createServer((req, res) => {
  received.push(req.headers);
  res.writeHead(200).end('ok');
});
let apiOrigin = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => api.close(resolve)));

describe("core's resourceRequest for a bearer session", () => {
  it("sends the token in the provider's tokenHeader, not Authorization: Bearer", async () => {
    stack = await startStack(
      {},
      { tokenHeader: { name: 'X-Access-Token' }, resourceOrigins: [apiOrigin] },
    );
    const info = await signIn(stack);
    received.length = 0;
    const response = await stack.client.resourceRequest('dev', {
      url: `${apiOrigin}/data`,
      headers: { Authorization: 'Basic own', 'X-Other': 'kept' },
    });
    expect(response.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!['x-access-token']).toBe(info.accessToken);
    // The caller's own Authorization header is left as it was; the token is not in it.
    expect(received[0]!.authorization).toBe('Basic own');
    expect(received[0]!['x-other']).toBe('kept');
  });

  it('uses the default Authorization: Bearer without a tokenHeader', async () => {
    stack = await startStack({}, { resourceOrigins: [apiOrigin] });
    const info = await signIn(stack);
    received.length = 0;
    await stack.client.resourceRequest('dev', { url: `${apiOrigin}/data` });
    expect(received[0]!.authorization).toBe(`Bearer ${info.accessToken}`);
    expect(received[0]!['x-access-token']).toBeUndefined();
  });

  it('a custom scheme in tokenHeader is written before the token', async () => {
    stack = await startStack(
      {},
      { tokenHeader: { name: 'Authorization', scheme: 'Token' }, resourceOrigins: [apiOrigin] },
    );
    const info = await signIn(stack);
    received.length = 0;
    await stack.client.resourceRequest('dev', { url: `${apiOrigin}/data` });
    expect(received[0]!.authorization).toBe(`Token ${info.accessToken}`);
  });
});
