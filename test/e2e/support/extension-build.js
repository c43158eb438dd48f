import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * Builds the extension for the e2e tests into a temp dir (`npm run build -w @latchkey/extension`,
 * the real build) with loopback let in (`LATCHKEY_LOOPBACK=1`: the test pages are local):
 * loopback `127.0.0.1` is connectable, `localhost` is not, so a localhost page
 * reaches the broker through the content-script bridge. Providers are configured at run time (the
 * dev IdP's port is ephemeral). Returns the dir and a cleanup.
 */
export async function buildExtensionForE2e() {
    const dir = await mkdtemp(join(tmpdir(), 'latchkey-ext-'));
    const env = {
        ...process.env,
        LATCHKEY_OUT_DIR: dir,
        LATCHKEY_LOOPBACK: '1',
        LATCHKEY_LOOPBACK_CONNECTABLE: 'http://127.0.0.1/*',
    };
    delete env.LATCHKEY_PROVIDERS;
    const output = [];
    const code = await new Promise((resolve, reject) => {
        const child = spawn('npm', ['run', 'build', '-w', '@latchkey/extension'], { cwd: root, env });
        child.stdout.on('data', (d) => output.push(d.toString()));
        child.stderr.on('data', (d) => output.push(d.toString()));
        child.on('error', reject);
        child.on('exit', resolve);
        setTimeout(() => child.kill(), 120_000).unref();
    });
    if (code !== 0) {
        await rm(dir, { recursive: true, force: true });
        throw new Error(`extension build failed:\n${output.join('')}`);
    }
    return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
