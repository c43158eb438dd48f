// The ports `npm start` listens on (127.0.0.1), chosen by environment variables, and the message
// when one is taken.
import { createServer } from 'node:net';

export interface StartPort {
  /** What listens there, in words. */
  name: string;
  /** The environment variable that chooses it. */
  env: string;
  port: number;
}

export interface StartPorts {
  idp: StartPort;
  roblox: StartPort;
  demo: StartPort;
}

/**
 * The dev IdP's, the Roblox emulation's and the demo SPA's ports: `LATCHKEY_IDP_PORT` (9400),
 * `LATCHKEY_ROBLOX_PORT` (9401), `LATCHKEY_DEMO_PORT` (5173).
 */
export function startPorts(env: NodeJS.ProcessEnv = process.env): StartPorts {
  const read = (name: string, variable: string, fallback: number): StartPort => {
    const raw = env[variable]?.trim();
    const port = raw ? Number(raw) : fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`${variable}=${raw} is not a port number (1–65535).`);
    }
    return { name, env: variable, port };
  };
  const ports: StartPorts = {
    idp: read('the dev IdP', 'LATCHKEY_IDP_PORT', 9400),
    roblox: read('the Roblox emulation', 'LATCHKEY_ROBLOX_PORT', 9401),
    demo: read('the demo SPA', 'LATCHKEY_DEMO_PORT', 5173),
  };
  const list = Object.values(ports);
  for (const [i, a] of list.entries()) {
    const b = list.slice(i + 1).find((other) => other.port === a.port);
    if (b) throw new Error(`${a.env} and ${b.env} are both ${a.port}: choose different ports.`);
  }
  return ports;
}

/**
 * What to tell the person whose `npm start` found `port` taken: which port, and a command with
 * another one (the next number that none of `all`'s ports use).
 */
export function busyPortMessage({ name, env, port }: StartPort, all?: StartPorts): string {
  const used = new Set(Object.values(all ?? {}).map((p: StartPort) => p.port));
  let other = port;
  do other = other >= 65_535 ? 1024 : other + 1;
  while (used.has(other));
  return (
    `Port ${port} on 127.0.0.1 (${name}) is already in use — is another \`npm start\` running?\n` +
    `Stop whatever listens there, or choose another port: ${env}=${other} npm start`
  );
}

/** Throws {@link busyPortMessage} when `port` cannot be listened on at 127.0.0.1. */
export function assertPortFree(port: StartPort, all?: StartPorts): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new Error(busyPortMessage(port, all))
          : error,
      );
    });
    server.listen({ host: '127.0.0.1', port: port.port, exclusive: true }, () =>
      server.close(() => resolve()),
    );
  });
}
