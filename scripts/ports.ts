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

/** The dev IdP's and the demo SPA's ports: `LATCHKEY_IDP_PORT` (9400), `LATCHKEY_DEMO_PORT` (5173). */
export function startPorts(env: NodeJS.ProcessEnv = process.env): {
  idp: StartPort;
  demo: StartPort;
} {
  const read = (name: string, variable: string, fallback: number): StartPort => {
    const raw = env[variable]?.trim();
    const port = raw ? Number(raw) : fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new Error(`${variable}=${raw} is not a port number (1–65535).`);
    }
    return { name, env: variable, port };
  };
  const idp = read('the dev IdP', 'LATCHKEY_IDP_PORT', 9400);
  const demo = read('the demo SPA', 'LATCHKEY_DEMO_PORT', 5173);
  if (idp.port === demo.port) {
    throw new Error(
      `LATCHKEY_IDP_PORT and LATCHKEY_DEMO_PORT are both ${idp.port}: choose two ports.`,
    );
  }
  return { idp, demo };
}

/** What to tell the person whose `npm start` found `port` taken. */
export function busyPortMessage({ name, env, port }: StartPort): string {
  const other = port === 65_535 ? port - 1 : port + 1;
  return (
    `Port ${port} on 127.0.0.1 (${name}) is already in use — is another \`npm start\` running?\n` +
    `Stop whatever listens there, or choose another port: ${env}=${other} npm start`
  );
}

/** Throws {@link busyPortMessage} when `port` cannot be listened on at 127.0.0.1. */
export function assertPortFree(port: StartPort): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new Error(busyPortMessage(port))
          : error,
      );
    });
    server.listen({ host: '127.0.0.1', port: port.port, exclusive: true }, () =>
      server.close(() => resolve()),
    );
  });
}
