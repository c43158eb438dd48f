import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOrigin, validateProviderConfig } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectableMatches } from '../build/connectable.js';
import { readPresetProviders } from '../build/providers-file.js';

const dev = { id: 'dev', issuer: 'https://idp.example', clientId: 'c' };

describe('build: one origin rule for allowedOrigins', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-origin-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails at validation, naming the field, for an http origin off loopback', async () => {
    const path = join(dir, 'providers.json');
    await writeFile(path, JSON.stringify([{ ...dev, allowedOrigins: ['http://app.example'] }]));
    await expect(readPresetProviders(path)).rejects.toThrow(/provider #0.*allowedOrigins\[0\]/);
  });

  it('makes every origin validation accepts connectable, and no other', () => {
    for (const origin of [
      'https://app.example',
      'https://app.example/',
      'https://app.example:8443',
      'http://127.0.0.1:5173',
      'http://localhost',
      'http://[::1]:3000',
      'http://app.example',
      'https://app.example/path',
      'ftp://app.example',
    ]) {
      let valid: ReturnType<typeof validateProviderConfig> | undefined;
      try {
        valid = validateProviderConfig({ ...dev, allowedOrigins: [origin] });
      } catch {
        valid = undefined;
      }
      expect(valid !== undefined, origin).toBe(parseOrigin(origin) !== undefined);
      if (valid) expect(() => connectableMatches([valid])).not.toThrow();
      else
        expect(() => connectableMatches([{ ...dev, allowedOrigins: [origin] }])).toThrow(
          /not an origin/,
        );
    }
  });
});
