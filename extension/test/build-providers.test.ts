import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectableMatches, loopbackMatches } from '../build/connectable.js';
import { readPresetProviders } from '../build/providers-file.js';

const dev = {
  id: 'dev',
  issuer: 'https://idp.example',
  clientId: 'c',
  allowedOrigins: ['https://app.example:8443'],
};

describe('build: providers file and externally_connectable', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-build-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (content: unknown): Promise<string> => {
    const path = join(dir, 'providers.json');
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('reads and validates an array or { providers }', async () => {
    expect(await readPresetProviders(undefined)).toEqual([]);
    const list = await readPresetProviders(await file([dev]));
    expect(list.map((p) => p.id)).toEqual(['dev']);
    expect((await readPresetProviders(await file({ providers: [dev] })))[0]?.clientId).toBe('c');
  });

  it('fails the build on invalid JSON, invalid configs, secrets and duplicates', async () => {
    await expect(readPresetProviders(await file('{'))).rejects.toThrow(/cannot read/);
    await expect(readPresetProviders(await file({ id: 'x' }))).rejects.toThrow(/array/);
    await expect(readPresetProviders(await file([{ id: 'dev' }]))).rejects.toThrow(/provider #0/);
    await expect(readPresetProviders(await file([{ ...dev, clientSecret: 's' }]))).rejects.toThrow(
      /provider #0/,
    );
    await expect(readPresetProviders(await file([dev, dev]))).rejects.toThrow(/duplicate/);
  });

  it('makes loopback and the providers’ allowedOrigins connectable', () => {
    expect(connectableMatches([])).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(connectableMatches([dev])).toContain('https://app.example/*');
    expect(() =>
      connectableMatches([{ ...dev, allowedOrigins: ['https://app.example/path'] }]),
    ).toThrow(/not an origin/);
    expect(loopbackMatches('http://127.0.0.1/*')).toEqual(['http://127.0.0.1/*']);
    expect(() => loopbackMatches('https://*/*')).toThrow(/LATCHKEY_LOOPBACK_CONNECTABLE/);
  });
});
