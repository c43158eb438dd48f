import { LatchkeyError } from '@latchkey/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInternalClient } from '../src/ui/internal-client.js';
import { INTERNAL_CHANNEL, type InternalRequest } from '../src/common/internal-protocol.js';

// The transport is the boundary of this unit: these tests cover the client's envelope handling,
// timeouts and error rebuilding. The real broker is exercised by the e2e tests.
describe('createInternalClient', () => {
  afterEach(() => vi.useRealTimers());

  it('sends the channel, method and params and returns the result', async () => {
    const sent: InternalRequest[] = [];
    const client = createInternalClient({
      transport: async (request) => {
        sent.push(request);
        return { ok: true, result: { revoked: true } };
      },
    });
    await expect(
      client.call('revokeGrant', { origin: 'https://a.test', provider: 'p' }),
    ).resolves.toEqual({ revoked: true });
    expect(sent).toEqual([
      {
        channel: INTERNAL_CHANNEL,
        method: 'revokeGrant',
        params: { origin: 'https://a.test', provider: 'p' },
      },
    ]);
  });

  it('rebuilds errors sent as data as LatchkeyError with their code', async () => {
    const client = createInternalClient({
      transport: async () => ({
        ok: false,
        error: { code: 'invalid_grant', message: 'Refresh token revoked', status: 400 },
      }),
    });
    const error = await client.call('refreshNow', { provider: 'p' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LatchkeyError);
    expect(error).toMatchObject({
      code: 'invalid_grant',
      message: 'Refresh token revoked',
      status: 400,
    });
  });

  it('rejects malformed replies with invalid_response', async () => {
    for (const reply of [undefined, 'ok', { result: 1 }, { ok: 'yes' }]) {
      const client = createInternalClient({ transport: async () => reply });
      await expect(client.call('listAccounts', {})).rejects.toMatchObject({
        code: 'invalid_response',
      });
    }
  });

  it('turns a transport failure into network_error', async () => {
    const client = createInternalClient({
      transport: async () => {
        throw new Error('Receiving end does not exist.');
      },
    });
    await expect(client.call('listAccounts', {})).rejects.toMatchObject({
      code: 'network_error',
      message: expect.stringContaining('Receiving end does not exist'),
    });
  });

  it('times out a call that gets no answer, with longer waits for interactive calls', async () => {
    vi.useFakeTimers();
    const client = createInternalClient({
      transport: () => new Promise(() => {}),
      timeoutMs: 1000,
    });
    const listing = client.call('listAccounts', {}).catch((e: unknown) => e);
    const signIn = client.call('signIn', { provider: 'p' }).catch((e: unknown) => e);
    let signInSettled = false;
    void signIn.then(() => (signInSettled = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await listing).toMatchObject({ code: 'timeout' });
    expect(signInSettled).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(await signIn).toMatchObject({ code: 'timeout' });
  });
});
