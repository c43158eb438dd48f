import { describe, expect, it } from 'vitest';
import { latchkeyManifest, loopbackEnabled } from '../manifest.config.js';

const preset = {
  id: 'dev',
  issuer: 'https://idp.example',
  clientId: 'c',
  allowedOrigins: ['https://app.example', 'http://127.0.0.1:5173'],
};

/** The manifest object crxjs would write (defineManifest may return it or a function of the env). */
async function manifestOf(loopback: boolean) {
  const m = latchkeyManifest([preset], '1.0.0', { loopback }) as unknown;
  const value = typeof m === 'function' ? await (m as (e: unknown) => unknown)({}) : m;
  return value as { externally_connectable?: { matches: string[] }; host_permissions?: string[] };
}

describe('build: loopback pages reach the broker only when the build says so', () => {
  it('a release build has no loopback in externally_connectable nor in host permissions', async () => {
    const m = await manifestOf(false);
    expect(m.externally_connectable?.matches).toEqual(['https://app.example/*']);
    expect(m.host_permissions ?? []).toEqual([]);
  });

  it('a development or LATCHKEY_LOOPBACK=1 build lets loopback in', async () => {
    const m = await manifestOf(true);
    expect(m.externally_connectable?.matches).toEqual(
      expect.arrayContaining(['http://127.0.0.1/*', 'https://app.example/*']),
    );
    expect(m.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(loopbackEnabled('production', {})).toBe(false);
    expect(loopbackEnabled('development', {})).toBe(true);
    expect(loopbackEnabled('production', { LATCHKEY_LOOPBACK: '1' })).toBe(true);
    expect(loopbackEnabled('production', { LATCHKEY_LOOPBACK_CONNECTABLE: '' })).toBe(true);
  });
});
