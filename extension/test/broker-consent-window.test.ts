import type { ProviderConfig } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askConsent, consentWindowClosed } from '../src/background/access/consent.js';
import { isRedirectOf } from '../src/background/auth-flow.js';
import type { ConsentRequest } from '../src/background/session-store.js';

// The consent window over a stand-in for the browser's windows and session storage.
const config: ProviderConfig = { id: 'dev', clientId: 'c', issuer: 'https://idp.example' };
const question = (origin = 'https://app.example') => ({
  kind: 'access' as const,
  origin,
  provider: config,
  scopes: ['openid'],
});

describe('broker: one consent window per origin and provider', () => {
  let created: string[];
  let focused: number[];
  let session: Map<string, unknown>;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    created = [];
    focused = [];
    unhandled = [];
    session = new Map();
    process.on('unhandledRejection', onUnhandled);
    (globalThis as { chrome?: unknown }).chrome = {
      runtime: {
        id: 'self',
        getPlatformInfo: async () => ({}),
        getURL: (path: string) => `chrome-extension://self/${path}`,
      },
      windows: {
        create: async ({ url }: { url: string }) => (created.push(url), { id: created.length }),
        update: async (id: number) => void focused.push(id),
      },
      storage: {
        session: {
          set: async (o: Record<string, unknown>) => {
            for (const [k, v] of Object.entries(o)) session.set(k, structuredClone(v));
          },
          get: async (k: string) => ({ [k]: session.get(k) }),
          remove: async (k: string) => void session.delete(k),
        },
      },
    };
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  const pendingRequests = () =>
    [...session.entries()]
      .filter(([k]) => k.startsWith('consent:'))
      .map(([, v]) => v as ConsentRequest);
  const until = async (test: () => boolean) => {
    while (!test()) await new Promise((r) => setTimeout(r, 1));
  };

  it('three calls of one site join one window and share its answer', async () => {
    const answers = [askConsent(question()), askConsent(question()), askConsent(question())];
    await until(() => pendingRequests()[0]?.windowId !== undefined);
    // A call after the window opened joins it too, and brings it to the front.
    answers.push(askConsent(question()));
    expect(focused).toEqual([1]);
    // Another site gets its own window.
    const other = askConsent(question('https://other.example'));
    await until(() => created.length === 2);
    expect(created.filter((u) => u.includes('consent'))).toHaveLength(2);
    const [mine] = pendingRequests().filter((r) => r.origin === 'https://app.example');
    consentWindowClosed(mine!);
    for (const a of answers) await expect(a).rejects.toMatchObject({ code: 'user_cancelled' });
    const [theirs] = pendingRequests().filter((r) => r.origin === 'https://other.example');
    consentWindowClosed(theirs!);
    await expect(other).rejects.toMatchObject({ code: 'user_cancelled' });
    // Once settled, the next call opens a new window.
    void askConsent(question()).catch(() => undefined);
    await until(() => created.length === 3);
    consentWindowClosed(pendingRequests()[0]!);
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).toEqual([]);
  });
});

describe('broker: the login window redirect matcher', () => {
  const flow = (redirectUri: string) => ({
    state: 's',
    provider: 'dev',
    redirectUri,
    createdAt: 0,
  });
  it('compares scheme, host, port and path exactly, and the state', () => {
    expect(isRedirectOf('http://127.0.0.1:5/cb?state=s', flow('http://127.0.0.1:5/cb'))).toBe(true);
    expect(isRedirectOf('http://127.0.0.1:6/cb?state=s', flow('http://127.0.0.1:5/cb'))).toBe(
      false,
    );
    expect(isRedirectOf('http://127.0.0.1:5/cb/?state=s', flow('http://127.0.0.1:5/cb'))).toBe(
      false,
    );
    expect(isRedirectOf('http://127.0.0.1:5/cb?state=t', flow('http://127.0.0.1:5/cb'))).toBe(
      false,
    );
    expect(isRedirectOf('https://127.0.0.1:5/cb?state=s', flow('http://127.0.0.1:5/cb'))).toBe(
      false,
    );
  });

  it('tells custom-scheme redirects apart (their origin is "null" for all of them)', () => {
    const app = flow('com.example.app://callback/done');
    expect(isRedirectOf('com.example.app://callback/done?state=s', app)).toBe(true);
    expect(isRedirectOf('com.example.app://evil/done?state=s', app)).toBe(false);
    expect(isRedirectOf('com.other.app://callback/done?state=s', app)).toBe(false);
    expect(isRedirectOf('com.example.app://callback:1/done?state=s', app)).toBe(false);
  });
});
