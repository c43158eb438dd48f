import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plan } from '../../scripts/ensure-browsers.mjs';

const script = fileURLToPath(new URL('../../scripts/ensure-browsers.mjs', import.meta.url));
const installed =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('npm test: the browsers it needs (scripts/ensure-browsers.mjs)', () => {
  it('does nothing when the browsers are there', () => {
    const machine = { env: {}, isRoot: false, hasApt: true };
    const both = installed('/usr/bin/chromium', '/usr/bin/firefox-esr');
    expect(plan({ ...machine, names: ['chromium', 'firefox-esr'], isExecutable: both })).toEqual({
      kind: 'ok',
    });
    expect(
      plan({ ...machine, names: ['chromium'], isExecutable: installed('/usr/bin/chromium') }),
    ).toEqual({ kind: 'ok' });
  });

  it('as root, installs every missing one through apt-get in one go', () => {
    expect(
      plan({
        names: ['chromium', 'firefox-esr'],
        env: {},
        isExecutable: installed('/usr/bin/chromium'),
        isRoot: true,
        hasApt: true,
      }),
    ).toEqual({
      kind: 'install',
      packages: ['firefox-esr'],
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'firefox-esr'],
      ],
    });
  });

  it('otherwise stops with the exact command to run', () => {
    const result = plan({
      names: ['chromium', 'firefox-esr'],
      env: {},
      isExecutable: installed(),
      isRoot: false,
      hasApt: true,
    });
    expect(result.kind).toBe('stop');
    expect(result).toMatchObject({
      message: expect.stringContaining(
        'sudo apt-get update && sudo apt-get install -y chromium firefox-esr',
      ),
    });
    const noApt = plan({
      names: ['chromium'],
      env: {},
      isExecutable: installed(),
      isRoot: true,
      hasApt: false,
    });
    expect(noApt).toMatchObject({ kind: 'stop', message: expect.stringContaining('CHROME_PATH') });
  });

  it('uses CHROME_PATH / FIREFOX_PATH as given, and never installs over them', () => {
    const machine = { names: ['chromium'], isRoot: true, hasApt: true };
    expect(
      plan({ ...machine, env: { CHROME_PATH: '/opt/c' }, isExecutable: installed('/opt/c') }),
    ).toEqual({ kind: 'ok' });
    expect(
      plan({
        ...machine,
        env: { CHROME_PATH: '/opt/c' },
        isExecutable: installed('/usr/bin/chromium'),
      }),
    ).toMatchObject({ kind: 'stop', message: expect.stringContaining('CHROME_PATH=/opt/c') });
    expect(
      plan({ ...machine, names: ['opera'], env: {}, isExecutable: installed() }),
    ).toMatchObject({ kind: 'stop', message: expect.stringContaining('unknown browser opera') });
  });

  it('as a command: silent and 0 when present, 1 and the reason when not', () => {
    const run = (env: Record<string, string>, ...names: string[]) =>
      spawnSync(process.execPath, [script, ...names], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    const present = run(
      { CHROME_PATH: process.execPath, FIREFOX_PATH: process.execPath },
      'chromium',
      'firefox-esr',
    );
    expect([present.status, present.stdout, present.stderr]).toEqual([0, '', '']);
    const absent = run({ CHROME_PATH: '/nonexistent/chromium' }, 'chromium');
    expect(absent.status).toBe(1);
    expect(absent.stderr).toContain('CHROME_PATH=/nonexistent/chromium is not an executable');
  });
});
