import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateProviderConfig } from '@latchkey/core';
import { okta, roblox } from '@latchkey/core/presets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readPresetProviders } from '../build/providers-file.js';

describe('build: presets in the providers file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-presets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (content: unknown): Promise<string> => {
    const path = join(dir, 'providers.json');
    await writeFile(path, JSON.stringify(content));
    return path;
  };

  it('expands "preset" entries with their parameters before validation', async () => {
    const list = await readPresetProviders(
      await file([
        {
          preset: 'roblox',
          clientId: '840974200211308101',
          allowedOrigins: ['https://app.example'],
        },
        { preset: 'okta', id: 'work', domain: 'example.okta.com', clientId: 'spa' },
        { id: 'plain', issuer: 'https://idp.example', clientId: 'c' },
      ]),
    );
    expect(list).toEqual([
      validateProviderConfig({
        ...roblox({ clientId: '840974200211308101' }),
        allowedOrigins: ['https://app.example'],
      }),
      validateProviderConfig(okta({ id: 'work', domain: 'example.okta.com', clientId: 'spa' })),
      { id: 'plain', issuer: 'https://idp.example', clientId: 'c' },
    ]);
    expect(list[0]?.tokenEndpoint).toBe('https://apis.roblox.com/oauth/v1/token');
  });

  it('fails the build on an unknown preset, a bad parameter or a secret, naming the entry', async () => {
    await expect(
      readPresetProviders(await file([{ preset: 'nope', clientId: 'c' }])),
    ).rejects.toThrow(/provider #0.*preset "nope"/);
    await expect(
      readPresetProviders(
        await file([{ preset: 'auth0', domain: 'evil.example/x', clientId: 'c' }]),
      ),
    ).rejects.toThrow(/provider #0.*domain/);
    await expect(
      readPresetProviders(await file([{ preset: 'roblox', clientId: 'c', clientSecret: 's' }])),
    ).rejects.toThrow(/provider #0.*clientSecret/);
    await expect(
      readPresetProviders(
        await file([
          { preset: 'gitlab', clientId: 'a' },
          { preset: 'gitlab', clientId: 'b' },
        ]),
      ),
    ).rejects.toThrow(/duplicate provider id gitlab/);
  });
});
