import type { ProviderConfig } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The login and consent windows when `chrome.windows.create` fails (no browser window, a policy):
// the call fails at once, and no wait is left behind (a pending timer, a rejection nobody handles).
vi.mock('../src/background/session-store.js', () => ({
  putFlow: async () => undefined,
  deleteFlow: async () => undefined,
  putConsentRequest: async () => undefined,
  getConsentRequest: async () => undefined,
  deleteConsentRequest: async () => undefined,
}));
vi.mock('../src/background/broker-client.js', () => ({
  brokerClient: async () => ({
    beginAuthorization: async () => ({
      url: 'https://idp.example/authorize?state=s1',
      state: 's1',
    }),
    completeAuthorization: async () => {
      throw new Error('not reached');
    },
  }),
}));
vi.mock('../src/background/provider-registry.js', () => ({
  redirectUriFor: (config: ProviderConfig) => config.redirectUri,
}));

const { runAuthFlow } = await import('../src/background/auth-flow.js');
const { askConsent } = await import('../src/background/access/consent.js');
const { settle } = await import('../src/background/waiters.js');

const config: ProviderConfig = {
  id: 'dev',
  clientId: 'c',
  issuer: 'https://idp.example',
  redirectUri: 'http://127.0.0.1:1/callback',
};

describe('broker: a window that cannot be opened', () => {
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
    (globalThis as { chrome?: unknown }).chrome = {
      runtime: {
        id: 'self',
        getPlatformInfo: async () => ({}),
        getURL: (path: string) => `chrome-extension://self/${path}`,
      },
      windows: {
        create: async () => {
          throw new Error('No current window');
        },
      },
    };
  });
  afterEach(() => void process.off('unhandledRejection', onUnhandled));

  it('login: fails with the cause and leaves no flow waiting', async () => {
    await expect(runAuthFlow({ config, source: 'options' }, {})).rejects.toThrow(
      'No current window',
    );
    // Nobody waits for this flow's redirect any more.
    expect(settle('flow:s1', { value: 'late' })).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });

  it('consent: fails with the cause and leaves no rejection unhandled', async () => {
    const question = {
      kind: 'access' as const,
      origin: 'https://app.example',
      provider: config,
      scopes: ['openid'],
    };
    await expect(askConsent(question)).rejects.toThrow('No current window');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(unhandled).toEqual([]);
  });
});
