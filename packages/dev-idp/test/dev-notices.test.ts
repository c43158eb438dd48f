import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { isKnownDevNotice } from '../src/dev-notices.js';

const child = fileURLToPath(new URL('./support/notices-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the child (a dev IdP through a sign-in start and a token request): what it printed. */
function runChild(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const proc = spawn(
      process.execPath,
      ['--conditions=@latchkey/source', '--import', 'tsx', child],
      { cwd: root, env: { ...process.env, ...env } },
    );
    proc.stdout.on('data', (d: Buffer) => (output += d));
    proc.stderr.on('data', (d: Buffer) => (output += d));
    proc.on('error', reject);
    proc.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`child exit ${code}:\n${output}`)),
    );
  });
}

const KNOWN = [/Unsupported runtime/, /devInteractions is enabled/, /already parsed request body/];

describe('dev IdP: oidc-provider’s development-only notices', () => {
  it('are not printed; any other warning is', async () => {
    const [quiet, verbose] = await Promise.all([
      runChild({ LATCHKEY_DEV_IDP_NOTICES: '' }),
      runChild({ LATCHKEY_DEV_IDP_NOTICES: '1' }),
    ]);
    // The child does trigger them: with the filter off, they are there.
    for (const re of KNOWN.slice(1)) expect(verbose).toMatch(re);
    // oidc-provider's own test: a Node.js LTS older than Jod (22).
    if ((process.release.lts ?? '') < 'Jod') expect(verbose).toMatch(KNOWN[0]!);
    for (const re of KNOWN) expect(quiet).not.toMatch(re);
    expect(quiet).toContain('oidc-provider WARNING: a warning nobody expected');
    expect(verbose).toContain('oidc-provider WARNING: a warning nobody expected');
  }, 60_000);

  it('are recognised with or without their colours, and nothing else is', () => {
    const red = (s: string) => `\x1b[31;1m${s}\x1b[0m`;
    const devInteractions =
      'oidc-provider WARNING: a quick start development-only feature devInteractions is enabled, you are expected to disable these interactions and provide your own';
    expect(isKnownDevNotice(devInteractions)).toBe(true);
    expect(isKnownDevNotice(red(devInteractions))).toBe(true);
    expect(
      isKnownDevNotice(
        red(
          'oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.',
        ),
      ),
    ).toBe(true);
    expect(
      isKnownDevNotice(
        red('oidc-provider WARNING: quick start development-only signing keys are used'),
      ),
    ).toBe(false);
    expect(
      isKnownDevNotice(
        '\x1b[33;1moidc-provider NOTICE: default features.revocation.allowedPolicy function called, you SHOULD change it in order to to check whether the caller is authorized to revoke the token.\x1b[0m',
      ),
    ).toBe(true);
    expect(
      isKnownDevNotice(
        'oidc-provider NOTICE: default features.introspection.allowedPolicy function called, you SHOULD change it',
      ),
    ).toBe(false);
    expect(isKnownDevNotice('Unsupported runtime. Use Node.js v22.x LTS')).toBe(false);
    expect(isKnownDevNotice({ message: devInteractions })).toBe(false);
  });
});
