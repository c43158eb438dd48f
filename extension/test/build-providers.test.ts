import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('takes a relative path from the caller’s directory (INIT_CWD), not the workspace’s', async () => {
    await file([dev]);
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = dir;
    try {
      expect((await readPresetProviders('./providers.json'))[0]?.id).toBe('dev');
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
    expect((await readPresetProviders('providers.json', dir))[0]?.id).toBe('dev');
    const absolute = await file([{ ...dev, id: 'abs' }]);
    expect((await readPresetProviders(absolute, '/nowhere'))[0]?.id).toBe('abs');
  });
});

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('build: LATCHKEY_PROVIDERS through npm from the repository root', () => {
  it('reads ./path relative to the root, where the command was typed', async () => {
    // A file that is not JSON: the build stops right after naming the file it read.
    const dir = join(root, 'node_modules/.cache/latchkey-test', `providers-${process.pid}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(join(dir, 'providers.json'), '{ not json');
      const path = `./${relative(root, join(dir, 'providers.json'))}`;
      const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_PROVIDERS: path };
      delete env.INIT_CWD;
      const { code, output } = await new Promise<{ code: number | null; output: string }>(
        (resolveRun, reject) => {
          let output = '';
          const child = spawn('npm', ['run', 'build', '-w', '@latchkey/extension'], {
            cwd: root,
            env,
          });
          child.stdout.on('data', (d: Buffer) => (output += d));
          child.stderr.on('data', (d: Buffer) => (output += d));
          child.on('error', reject);
          child.on('exit', (code) => resolveRun({ code, output }));
        },
      );
      expect(code).not.toBe(0);
      expect(output).toContain(`cannot read ${join(dir, 'providers.json')} as JSON`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
