import { afterEach, describe, expect, it, vi } from 'vitest';

import { startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Whether `promise` settles before `ms` (a bound for the test, not a wait for the flow). */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

describe('device authorization grant: abort and interval (RFC 8628 §3.5)', () => {
  it('abort() with a poll in flight settles done (aborted) at once and cancels the poll', async () => {
    // The poll hangs at the server; the client's own timeout is far away.
    stack = await startStack(
      { tamper: (ctx) => (ctx.grantType === DEVICE_GRANT ? { hang: true } : undefined) },
      {},
      { timeout: 25_000 },
    );
    const flow = await stack.client.startDeviceAuthorization('dev');
    await vi.waitFor(() => expect(stack!.idp.requests.count('token', DEVICE_GRANT)).toBe(1), {
      timeout: 10_000,
    });
    flow.abort();
    expect(await settlesWithin(flow.done, 2_000)).toBe(true);
    await expect(flow.done).rejects.toMatchObject({ code: 'aborted' });
    expect(stack.idp.requests.count('token', DEVICE_GRANT)).toBe(1);
  }, 20_000);

  it('a huge interval from the server is clamped, not a tight polling loop', async () => {
    stack = await startStack({
      tamper: (ctx) =>
        ctx.endpoint === 'device'
          ? { rewriteJson: (json) => ({ ...json, interval: 1e10 }) }
          : undefined,
    });
    const flow = await stack.client.startDeviceAuthorization('dev');
    // A delay over 2^31-1 ms fires at once: unclamped, polls would follow each other without pause.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(stack.idp.requests.count('token', DEVICE_GRANT)).toBe(0);
    flow.abort();
    await expect(flow.done).rejects.toMatchObject({ code: 'aborted' });
  });
});
