import { describe, expect, it } from 'vitest';

import { dpopSupport } from '../src/dpop/dpop-support.js';
import type { ProviderConfig } from '../src/types.js';

const provider: ProviderConfig = { id: 'p', issuer: 'https://login.example', clientId: 'c' };

describe('dpopSupport', () => {
  it('makes non-extractable ES256 keys', async () => {
    const key = await dpopSupport.newKey();
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
  });

  it('keeps one proof handle per key, so server nonces carry over between requests', async () => {
    const key = await dpopSupport.newKey();
    const other = await dpopSupport.newKey();
    expect(dpopSupport.handle(provider, key)).toBe(dpopSupport.handle(provider, key));
    expect(dpopSupport.handle(provider, other)).not.toBe(dpopSupport.handle(provider, key));
  });
});
