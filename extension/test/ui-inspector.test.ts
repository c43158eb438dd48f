import type { GrantRecord } from '@latchkey/core';
import { LatchkeyError } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { bearerRequestFromHar } from '../src/devtools/bearer-requests.js';
import type { DevtoolsHost, HarEntryLike } from '../src/devtools/devtools-host.js';
import { createInspectorModel } from '../src/devtools/inspector-model.js';
import { createTrafficModel } from '../src/devtools/traffic-model.js';
import type { InternalRequest } from '../src/common/internal-protocol.js';
import { createInternalClient, type InternalTransport } from '../src/ui/internal-client.js';

const entry = (
  headers: { name: string; value: string }[],
  url = 'https://api.test/me',
): HarEntryLike => ({
  startedDateTime: '2030-01-01T00:00:00.000Z',
  time: 41.6,
  request: { method: 'GET', url, headers },
  response: { status: 200 },
});

/** A hand-driven DevTools host: the test decides the origin and fires network events. */
function fakeHost(origin: string) {
  const finished = new Set<(e: HarEntryLike) => void>();
  const navigated = new Set<(url: string) => void>();
  const host: DevtoolsHost & { origin: string } = {
    origin,
    inspectedOrigin: async () => host.origin,
    onNavigated: (fn) => (navigated.add(fn), () => navigated.delete(fn)),
    onRequestFinished: (fn) => (finished.add(fn), () => finished.delete(fn)),
  };
  return {
    host,
    finish: (e: HarEntryLike) => finished.forEach((fn) => fn(e)),
    navigate: (url: string) => navigated.forEach((fn) => fn(url)),
    listeners: () => finished.size + navigated.size,
  };
}

describe('bearerRequestFromHar', () => {
  it('keeps requests with a bearer Authorization header, whatever its case', () => {
    const r = bearerRequestFromHar(entry([{ name: 'authorization', value: 'Bearer tok.en' }]), 7);
    expect(r).toEqual({
      key: '7',
      method: 'GET',
      url: 'https://api.test/me',
      status: 200,
      startedAt: Date.UTC(2030, 0, 1),
      durationMs: 42,
      token: 'tok.en',
    });
  });
  it('ignores requests without a bearer token', () => {
    expect(bearerRequestFromHar(entry([]), 0)).toBeUndefined();
    expect(
      bearerRequestFromHar(entry([{ name: 'Authorization', value: 'Basic eDp5' }]), 0),
    ).toBeUndefined();
  });
});

describe('createTrafficModel', () => {
  it('records bearer requests newest first, bounded, and stops on cleanup', () => {
    const { host, finish, listeners } = fakeHost('https://app.test');
    const traffic = createTrafficModel(host, 2);
    const stop = traffic.start();
    const auth = [{ name: 'Authorization', value: 'Bearer a' }];
    finish(entry(auth, 'https://api.test/1'));
    finish(entry([], 'https://api.test/skip'));
    finish(entry(auth, 'https://api.test/2'));
    finish(entry(auth, 'https://api.test/3'));
    expect(traffic.requests.get().map((r) => r.url)).toEqual([
      'https://api.test/3',
      'https://api.test/2',
    ]);
    stop();
    expect(listeners()).toBe(0);
    finish(entry(auth, 'https://api.test/4'));
    expect(traffic.requests.get()).toHaveLength(2);
  });
});

describe('createInspectorModel', () => {
  const grant = (
    origin: string,
    provider: string,
    decision: GrantRecord['decision'] = 'allowed',
  ) => ({
    origin,
    provider,
    scopes: ['openid'],
    decision,
    by: 'user' as const,
    at: 1,
  });

  it("loads the inspected origin's grants with their tokens and the origin's log", async () => {
    const { host } = fakeHost('https://app.test');
    const calls: InternalRequest[] = [];
    const transport: InternalTransport = async (req) => {
      calls.push(req);
      switch (req.method) {
        case 'listGrants':
          return {
            ok: true,
            result: [
              grant('https://app.test', 'dev'),
              grant('https://app.test', 'other', 'denied'),
            ],
          };
        case 'tokenDetails':
          return {
            ok: true,
            result: { provider: 'dev', signedIn: true, scopes: [], hasRefreshToken: true },
          };
        case 'readLog':
          return { ok: true, result: [{ at: 1, type: 'call', method: 'getToken', ok: true }] };
        default:
          return { ok: false, error: { code: 'internal_error', message: 'unexpected' } };
      }
    };
    const model = createInspectorModel(createInternalClient({ transport }), host);
    await model.load();
    expect(model.origin.get().data).toBe('https://app.test');
    expect(model.grants.get().data?.map((g) => [g.grant.provider, g.tokens?.signedIn])).toEqual([
      ['dev', true],
      ['other', undefined],
    ]);
    expect(model.log.get().data).toHaveLength(1);
    expect(calls.map((c) => [c.method, c.params])).toEqual(
      expect.arrayContaining([
        ['listGrants', { origin: 'https://app.test' }],
        ['tokenDetails', { provider: 'dev' }],
        ['readLog', { origin: 'https://app.test', limit: 100 }],
      ]),
    );
    // A denied grant's provider is not asked for tokens.
    expect(calls.filter((c) => c.method === 'tokenDetails')).toHaveLength(1);
  });

  it('revokes the grant of the inspected origin, reloads, and reports action errors', async () => {
    const { host } = fakeHost('https://app.test');
    let grants = [grant('https://app.test', 'dev')];
    const transport: InternalTransport = async (req) => {
      if (req.method === 'listGrants') return { ok: true, result: grants };
      if (req.method === 'tokenDetails')
        return { ok: false, error: new LatchkeyError('login_required', 'no session').toJSON() };
      if (req.method === 'readLog') return { ok: true, result: [] };
      if (req.method === 'revokeGrant') {
        expect(req.params).toEqual({ origin: 'https://app.test', provider: 'dev' });
        grants = [];
        return { ok: true, result: { revoked: true } };
      }
      return { ok: false, error: { code: 'invalid_grant', message: 'refresh token revoked' } };
    };
    const model = createInspectorModel(createInternalClient({ transport }), host);
    await model.load();
    expect(model.grants.get().data?.[0]?.error?.code).toBe('login_required');
    await model.revokeGrant('dev');
    expect(model.grants.get().data).toEqual([]);
    await model.refreshNow('dev');
    expect(model.actions.state.get().error).toMatchObject({
      code: 'invalid_grant',
      key: 'refresh:dev',
    });
  });

  it('follows navigation to another origin and cleans up its listeners', async () => {
    const fake = fakeHost('https://a.test');
    const asked: string[] = [];
    const transport: InternalTransport = async (req) => {
      if (req.method === 'listGrants') asked.push(String(req.params.origin));
      return { ok: true, result: [] };
    };
    const model = createInspectorModel(createInternalClient({ transport }), fake.host);
    const stop = model.start(60_000);
    await new Promise((r) => setTimeout(r, 10));
    fake.host.origin = 'https://b.test';
    fake.navigate('https://b.test/');
    await new Promise((r) => setTimeout(r, 10));
    expect(model.origin.get().data).toBe('https://b.test');
    expect(asked).toEqual(['https://a.test', 'https://b.test']);
    stop();
    expect(fake.listeners()).toBe(0);
  });
});
