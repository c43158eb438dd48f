import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** Every shell command `npm test` runs (its `npm run` steps expanded), in order. */
function testCommands(name = 'test', seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const own = [`pre${name}`, name].flatMap((n) =>
    scripts[n] === undefined ? [] : scripts[n].split('&&').map((c) => c.trim()),
  );
  return own.flatMap((command) => {
    const step = /^npm run ([\w:-]+)$/.exec(command);
    return step?.[1] && scripts[step[1]] !== undefined ? testCommands(step[1], seen) : [command];
  });
}

function sh(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.LATCHKEY_OUT_DIR;
    const child = spawn('sh', ['-c', command], { cwd: root, env });
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm test leaves the extension npm start built (extension/dist) alone', () => {
  it('builds the extension only outside extension/dist', () => {
    const builds = testCommands().filter((c) => /\bbuild\b/.test(c) && !/prebuild/.test(c));
    expect(builds.filter((c) => !/LATCHKEY_OUT_DIR=/.test(c))).toEqual([]);
  });

  it('runs its e2e build steps without touching extension/dist', async () => {
    // Everything `npm test` runs for the e2e tests before vitest: the e2e build.
    const steps = testCommands().filter(
      (c) => !/^vitest\b/.test(c) && !/typecheck|ensure-browsers/.test(c),
    );
    const dist = join(root, 'extension/dist');
    const hadDist = existsSync(dist);
    const sentinel = join(dist, `.latchkey-npm-start-build-${process.pid}`);
    mkdirSync(dist, { recursive: true });
    writeFileSync(sentinel, 'the build npm start made');
    try {
      let output = '';
      for (const step of steps) {
        const run = await sh(step);
        output += run.output;
        expect(run.code, `${step}\n${run.output.slice(-2000)}`).toBe(0);
      }
      expect(existsSync(sentinel)).toBe(true);
      // The e2e build it made is somewhere else.
      const built = /e2e extension build: (.+)/.exec(output)?.[1]?.trim();
      expect(built).toBeDefined();
      expect(existsSync(join(built!, 'manifest.json'))).toBe(true);
      expect(relative(join(root, 'extension'), built!).startsWith('..')).toBe(true);
    } finally {
      if (hadDist) rmSync(sentinel, { force: true });
      else rmSync(dist, { recursive: true, force: true });
    }
  }, 300_000);
});
