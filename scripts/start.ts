// `npm start`: the whole product on 127.0.0.1 in one command — the dev IdP (oidc-provider) with its
// protected demo API, an emulation of Roblox Open Cloud's OAuth server as a second provider, the
// demo SPA (vite dev server), and the extension built with both as preset providers. Ctrl-C stops
// everything.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevIdp, startRobloxEmulation } from '@latchkey/dev-idp';
import { createServer } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const IDP_PORT = 9400;
const ROBLOX_PORT = 9401;
const DEMO_PORT = 5173;
const DEMO_ORIGIN = `http://127.0.0.1:${DEMO_PORT}`;
const PROVIDER_ID = 'dev-idp';
/** Short-lived access tokens, so that the demo shows a refresh within a minute. */
const ACCESS_TOKEN_TTL = 60;

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

/** The extension's fixed id (from the public key committed with it: extension/README.md). */
async function extensionId(): Promise<string | undefined> {
  if (!existsSync(join(root, 'extension/build/extension-key.ts'))) return undefined;
  const { EXTENSION_ID } = (await import('../extension/build/extension-key.js')) as {
    EXTENSION_ID: string;
  };
  return EXTENSION_ID;
}

/** Serves the demo's runtime config (the dev IdP as its provider) at `/demo-config.json`. */
function demoConfigPlugin(config: unknown): Plugin {
  return {
    name: 'latchkey-demo-config',
    configureServer(server) {
      server.middlewares.use('/demo-config.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify(config));
      });
    },
  };
}

/** Builds the extension with the dev IdP preset, unless the extension has no build yet. */
function buildExtension(providersFile: string): Promise<boolean> {
  const manifest = JSON.parse(readFileSync(join(root, 'extension/package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (!manifest.scripts?.build) {
    console.log(
      '  extension: not built (extension/package.json has no build script yet); the demo runs in page mode.',
    );
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build', '-w', '@latchkey/extension'], {
      cwd: root,
      // The demo runs on 127.0.0.1: a build that lets loopback pages reach the broker.
      env: { ...process.env, LATCHKEY_PROVIDERS: providersFile, LATCHKEY_LOOPBACK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('close', (code) => {
      if (code !== 0)
        console.log(`  extension: build failed (exit ${code}):\n${output.slice(-3000)}`);
      resolve(code === 0);
    });
  });
}

async function main(): Promise<void> {
  const id = await extensionId();
  const idp = await startDevIdp({
    port: IDP_PORT,
    clientId: 'latchkey-demo',
    redirectUris: [`${DEMO_ORIGIN}/`, ...(id ? [`https://${id}.chromiumapp.org/`] : [])],
    corsOrigins: [DEMO_ORIGIN, ...(id ? [`chrome-extension://${id}`] : [])],
    accessTokenTtl: ACCESS_TOKEN_TTL,
    rotateRefreshTokens: true,
  });
  // The second provider the demo offers: Roblox Open Cloud as its documents describe it (endpoints
  // and issuer without discovery, ES256 id_tokens, no iss in the callback, userinfo as its API).
  const roblox = await startRobloxEmulation({
    port: ROBLOX_PORT,
    clientId: 'latchkey-demo',
    redirectUris: [`${DEMO_ORIGIN}/`, ...(id ? [`https://${id}.chromiumapp.org/`] : [])],
    corsOrigins: [DEMO_ORIGIN, ...(id ? [`chrome-extension://${id}`] : [])],
    accessTokenTtl: ACCESS_TOKEN_TTL,
  });
  const { redirectUri: _callback, ...robloxProvider } = roblox.providerConfig();
  const apiOrigin = new URL(idp.apiUrl).origin;
  const provider = {
    id: PROVIDER_ID,
    name: 'Latchkey dev IdP',
    issuer: idp.issuer,
    clientId: idp.clientId,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    resourceOrigins: [apiOrigin],
  };

  const vite = await createServer({
    configFile: join(root, 'demo-spa/vite.config.ts'),
    plugins: [
      demoConfigPlugin({
        provider: { ...provider, redirectUri: `${DEMO_ORIGIN}/` },
        apiUrl: idp.apiUrl,
        second: {
          provider: { ...robloxProvider, redirectUri: `${DEMO_ORIGIN}/` },
          apiUrl: roblox.apiUrl,
        },
        ...(id ? { extensionId: id } : {}),
      }),
    ],
    server: { host: '127.0.0.1', port: DEMO_PORT, strictPort: true },
    logLevel: 'warn',
  });
  await vite.listen();

  console.log(`
${bold('Latchkey is running')} (Ctrl-C stops it)

  demo SPA   ${bold(`${DEMO_ORIGIN}/`)}            sign in as anyone (the dev IdP accepts any login/password)
             ${DEMO_ORIGIN}/?mode=page      forces page mode even with the extension installed
  dev IdP    ${idp.issuer}   (oidc-provider, client "${idp.clientId}", access tokens live ${ACCESS_TOKEN_TTL} s)
  demo API   ${idp.apiUrl}   (needs a Bearer token from the dev IdP)
  Roblox     ${roblox.issuer}   (emulated Open Cloud OAuth: pick "Roblox (emulated)" in the demo)
             userinfo ${roblox.apiUrl} is its API
`);

  const cacheDir = join(root, 'node_modules/.cache/latchkey');
  mkdirSync(cacheDir, { recursive: true });
  const providersFile = join(cacheDir, 'providers.json');
  writeFileSync(
    providersFile,
    JSON.stringify(
      [
        { ...provider, allowedOrigins: [DEMO_ORIGIN] },
        { ...robloxProvider, allowedOrigins: [DEMO_ORIGIN] },
      ],
      null,
      2,
    ),
  );
  console.log(
    '  extension: building with the dev IdP and the Roblox emulation as preset providers…',
  );
  if (await buildExtension(providersFile)) {
    console.log(`  extension: built. To try extension mode: open chrome://extensions, turn on Developer mode,
             "Load unpacked" and pick ${join(root, 'extension/dist')}, then reload ${DEMO_ORIGIN}/
             (the badge says "extension mode"; ${DEMO_ORIGIN} is pre-allowed for both providers).
`);
  }

  const stop = async () => {
    await vite.close();
    await idp.close();
    await roblox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
