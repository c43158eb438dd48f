import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import { signInByClick, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey };

describe('@latchkey/web fetch in page mode', () => {
  let stack: WebStack;
  // Another origin on loopback that records what it receives and lets any page read its answers.
  const received: { authorization: string | undefined }[] = [];
  const other = createServer((req, res) => {
    received.push({ authorization: req.headers.authorization });
    res
      .writeHead(200, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'authorization',
      })
      .end('ok');
  });
  let otherOrigin = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    stack = await startWebStack();
  });
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => other.close(resolve));
  });

  /** The API refuses the next `times` requests as a resource server does for a revoked token. */
  const refuseNextApiCalls = (times: number) => {
    let left = times;
    stack.idp.setTamper((ctx) =>
      ctx.endpoint === 'api' && left-- > 0
        ? {
            status: 401,
            body: '{"error":"invalid_token"}',
            headers: {
              'WWW-Authenticate':
                'Bearer realm="dev-idp", error="invalid_token", error_description="revoked"',
              'Access-Control-Expose-Headers': 'WWW-Authenticate',
            },
          }
        : undefined,
    );
  };

  it('refreshes and retries once when the API answers 401 invalid_token', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const before = await page.evaluate(() => (window as unknown as Win).lk.getToken('dev'));
    expect((await page.evaluate(callApi, stack.idp.apiUrl)).status).toBe(200);

    refuseNextApiCalls(1);
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    const apiCalls = stack.idp.requests.count('api');
    const result = await page.evaluate(callApi, stack.idp.apiUrl);
    stack.idp.setTamper(undefined);
    expect(result.status).toBe(200);
    expect(stack.idp.requests.count('api')).toBe(apiCalls + 2);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    const after = await page.evaluate(() => (window as unknown as Win).lk.getToken('dev'));
    expect(after).not.toBe(before);
    await page.close();
  });

  it('retries only once: a second refusal is returned to the caller', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    refuseNextApiCalls(5);
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    const apiCalls = stack.idp.requests.count('api');
    const result = await page.evaluate(callApi, stack.idp.apiUrl);
    stack.idp.setTamper(undefined);
    expect(result.status).toBe(401);
    expect(stack.idp.requests.count('api')).toBe(apiCalls + 2);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    await page.close();
  });

  it('never sends the token to an origin outside resourceOrigins', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    received.length = 0;
    const outcome = await page.evaluate(
      (url) =>
        (window as unknown as Win).lk.fetch('dev', url).then(
          (r) => `sent:${r.status}`,
          (e: { code?: string }) => `error:${e.code}`,
        ),
      `${otherOrigin}/collect`,
    );
    expect(outcome).toBe('error:origin_not_allowed');
    // The same origin with the token-less platform fetch does reach the server (the test can see it).
    await page.evaluate((url) => fetch(url).then((r) => r.text()), `${otherOrigin}/collect`);
    expect(received).toEqual([{ authorization: undefined }]);
    await page.close();
  });

  it('does not follow a redirect with the token: network_error, nothing reaches the target', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    received.length = 0;
    for (const status of [302, 307]) {
      stack.idp.setTamper((ctx) =>
        ctx.endpoint === 'api'
          ? {
              status,
              body: '',
              headers: {
                Location: `${otherOrigin}/collect`,
                'Access-Control-Allow-Origin': stack.app.origin,
              },
            }
          : undefined,
      );
      const outcome = await page.evaluate(
        (url) =>
          (window as unknown as Win).lk.fetch('dev', url).then(
            (r) => `sent:${r.status}`,
            (e: { code?: string }) => `error:${e.code}`,
          ),
        stack.idp.apiUrl,
      );
      stack.idp.setTamper(undefined);
      expect(outcome).toBe('error:network_error');
    }
    expect(received).toEqual([]);
    await page.close();
  });

  it('a request the platform refuses is invalid_request, an unreachable resource network_error', async () => {
    // A loopback origin where nothing listens any more.
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const goneOrigin = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise((resolve) => gone.close(resolve));

    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const codes = await page.evaluate(
      async ({ provider, withCredentials, goneOrigin }) => {
        const w = window as unknown as Win & {
          Latchkey: { createLatchkey(o: unknown): Promise<Latchkey> };
        };
        // The same session, with the dead origin among the resource origins.
        const lk = await w.Latchkey.createLatchkey({
          providers: [{ ...provider, resourceOrigins: [...provider.resourceOrigins, goneOrigin] }],
          mode: 'page',
        });
        const outcome = (p: Promise<unknown>) =>
          p.then(
            () => 'sent',
            (e: { code?: string; retryable?: boolean; name?: string }) =>
              `${e.name}:${e.code}:${e.retryable}`,
          );
        return [
          await outcome(lk.fetch('dev', withCredentials)),
          await outcome(lk.fetch('dev', `${goneOrigin}/x`)),
        ];
      },
      {
        provider: stack.provider,
        withCredentials: stack.idp.apiUrl.replace('http://', 'http://api@'),
        goneOrigin,
      },
    );
    expect(codes).toEqual([
      'LatchkeyError:invalid_request:false',
      'LatchkeyError:network_error:true',
    ]);
    await page.close();
  });
});

function callApi(url: string): Promise<{ status: number; body: string }> {
  return (window as unknown as Win).lk
    .fetch('dev', url)
    .then(async (r) => ({ status: r.status, body: await r.text() }));
}
