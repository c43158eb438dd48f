import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { busyPortMessage, startPorts } from '../../scripts/ports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A port on 127.0.0.1 that something else now listens on. */
async function takenPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Runs `npm start`'s script; a run that is still going after 60 s is stopped and reported. */
function runStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    const timer = setTimeout(() => {
      output += '\n[still running after 60 s: stopped by the test]';
      child.kill('SIGTERM');
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm start: ports', () => {
  it('names a taken dev IdP port and how to choose another, before starting anything', async () => {
    const busy = await takenPort();
    const { code, output } = await runStart({
      LATCHKEY_IDP_PORT: String(busy),
      LATCHKEY_ROBLOX_PORT: String(await freePort()),
      LATCHKEY_DEMO_PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    expect(output).toContain(`Port ${busy} on 127.0.0.1 (the dev IdP) is already in use`);
    expect(output).toContain(`LATCHKEY_IDP_PORT=${busy + 1} npm start`);
    expect(output).not.toContain('Latchkey is running');
  }, 90_000);

  it('names a taken demo port the same way', async () => {
    const busy = await takenPort();
    const { code, output } = await runStart({
      LATCHKEY_IDP_PORT: String(await freePort()),
      LATCHKEY_ROBLOX_PORT: String(await freePort()),
      LATCHKEY_DEMO_PORT: String(busy),
    });
    expect(code).toBe(1);
    expect(output).toContain(`Port ${busy} on 127.0.0.1 (the demo SPA) is already in use`);
    expect(output).toContain(`LATCHKEY_DEMO_PORT=${busy + 1} npm start`);
  }, 90_000);

  it('reads the ports from the environment, refusing what is not a port', () => {
    expect(startPorts({})).toMatchObject({
      idp: { port: 9400 },
      roblox: { port: 9401 },
      demo: { port: 5173 },
    });
    expect(startPorts({ LATCHKEY_IDP_PORT: '9500', LATCHKEY_DEMO_PORT: ' 3000 ' })).toMatchObject({
      idp: { port: 9500, env: 'LATCHKEY_IDP_PORT' },
      demo: { port: 3000, env: 'LATCHKEY_DEMO_PORT' },
    });
    for (const bad of ['0', '65536', '80.5', 'http', '-1']) {
      expect(() => startPorts({ LATCHKEY_IDP_PORT: bad })).toThrow(/not a port number/);
    }
    expect(() => startPorts({ LATCHKEY_IDP_PORT: '5173' })).toThrow(/both 5173/);
    expect(() => startPorts({ LATCHKEY_DEMO_PORT: '9401' })).toThrow(/both 9401/);
    // The port suggested instead is none of the others: 9401 is the Roblox emulation's.
    const ports = startPorts({});
    expect(busyPortMessage(ports.idp, ports)).toContain('LATCHKEY_IDP_PORT=9402 npm start');
    expect(
      busyPortMessage({ name: 'the dev IdP', env: 'LATCHKEY_IDP_PORT', port: 65_535 }),
    ).toContain('LATCHKEY_IDP_PORT=1024 npm start');
  });
});
