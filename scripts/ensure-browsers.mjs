// `npm test` runs this first (`pretest`): the browsers the end-to-end tests drive, installed from
// Debian's archive when they are missing. Usage: node scripts/ensure-browsers.mjs chromium [firefox-esr]
// As root, a missing browser is installed through apt-get; otherwise this stops at once with the
// exact command to run. A path set in the environment (CHROME_PATH, FIREFOX_PATH) is used as is.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The browsers the tests know: the Debian package, its executable, and the variable that overrides it. */
export const BROWSERS = {
  chromium: { pkg: 'chromium', path: '/usr/bin/chromium', env: 'CHROME_PATH' },
  'firefox-esr': { pkg: 'firefox-esr', path: '/usr/bin/firefox-esr', env: 'FIREFOX_PATH' },
};

/**
 * What to do for `names` on this machine, decided without side effects:
 * `{ kind: 'ok' }`, `{ kind: 'install', packages, commands }` (run the commands, as root), or
 * `{ kind: 'stop', message }` (print it and exit 1).
 * @param {{ names: string[], env: Record<string, string | undefined>, isExecutable: (path: string) => boolean, isRoot: boolean, hasApt: boolean }} machine
 */
export function plan({ names, env, isExecutable, isRoot, hasApt }) {
  const unknown = names.filter((n) => !Object.hasOwn(BROWSERS, n));
  if (unknown.length) {
    return {
      kind: 'stop',
      message: `ensure-browsers: unknown browser ${unknown.join(', ')} (known: ${Object.keys(BROWSERS).join(', ')})`,
    };
  }
  const missing = [];
  for (const name of names) {
    const browser = BROWSERS[/** @type {keyof typeof BROWSERS} */ (name)];
    const chosen = env[browser.env];
    if (chosen) {
      if (!isExecutable(chosen)) {
        return {
          kind: 'stop',
          message: `npm test: ${browser.env}=${chosen} is not an executable file. Point ${browser.env} at an installed ${name}, or unset it to use ${browser.path}.`,
        };
      }
      continue;
    }
    if (!isExecutable(browser.path)) missing.push(browser.pkg);
  }
  if (!missing.length) return { kind: 'ok' };
  const commands = [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', ...missing],
  ];
  if (isRoot && hasApt) return { kind: 'install', packages: missing, commands };
  const list = missing.join(' ');
  const message = hasApt
    ? `npm test needs Debian's ${list} for the end-to-end tests. Install with:\n\n  sudo apt-get update && sudo apt-get install -y ${list}\n\nthen run npm test again (as root, npm test installs ${missing.length > 1 ? 'them' : 'it'} itself).`
    : `npm test needs ${list} for the end-to-end tests, and this machine has no apt-get. Install ${list} with your package manager and set ${names
        .map((n) => BROWSERS[/** @type {keyof typeof BROWSERS} */ (n)])
        .filter((b) => missing.includes(b.pkg))
        .map((b) => b.env)
        .join(' / ')} to ${missing.length > 1 ? 'their executables' : 'its executable'}.`;
  return { kind: 'stop', message };
}

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function main() {
  const args = process.argv.slice(2);
  const names = args.length ? args : ['chromium'];
  const decided = plan({
    names,
    env: process.env,
    isExecutable,
    isRoot: process.getuid?.() === 0,
    hasApt: isExecutable('/usr/bin/apt-get'),
  });
  if (decided.kind === 'ok') return;
  if (decided.kind === 'stop') {
    console.error(decided.message);
    process.exit(1);
  }
  console.log(`npm test: installing Debian's ${decided.packages.join(' ')} (apt-get, as root)…`);
  for (const [cmd, ...args] of decided.commands) {
    const run = spawnSync(cmd, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      console.error(`npm test: \`${cmd} ${args.join(' ')}\` failed (exit ${run.status}).`);
      process.exit(1);
    }
  }
  const still = plan({ names, env: process.env, isExecutable, isRoot: false, hasApt: true });
  if (still.kind !== 'ok') {
    console.error(
      `npm test: installed, but still missing: ${'message' in still ? still.message : ''}`,
    );
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
