// Cached getToken: @latchkey/web (page mode, and extension mode when the extension is built) against
// auth0-spa-js getTokenSilently (cached) and oidc-client-ts getUser, all in the same Chromium run.
// Each figure is the mean of a 2,000-call loop (the browser clock is 5 µs coarse), median of 5 rounds;
// ratios are against the faster of the two baselines measured here. No figure is asserted.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Latchkey } from '../packages/web/src/index.js';
import { buildExtensionForE2e } from '../test/e2e/support/extension-build.js';
import { signInByClick, startWebStack } from '../test/e2e/support/web-stack.js';
import type { WebStack } from '../test/e2e/support/web-stack.js';
import { setUpExtensionMode } from '../test/e2e/support/web-extension.js';

const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
const CALLS = 2000;
const ROUNDS = 5;

type Win = Window & {
  lk: Latchkey;
  auth0: {
    Auth0Client: new (
      o: object,
    ) => Record<string, unknown> & { getTokenSilently(): Promise<string> };
  };
  oidc: {
    UserManager: new (o: object) => {
      storeUser(u: unknown): Promise<void>;
      getUser(): Promise<{ access_token: string } | null>;
    };
    User: new (o: object) => unknown;
  };
  bench: Record<string, () => Promise<string | undefined>>;
  measure(name: string, calls: number): Promise<number>;
};

/** Loads auth0-spa-js and oidc-client-ts in `page` and gives each a cached token, as after a sign-in. */
async function setUpBaselines(page: Page): Promise<void> {
  await page.addScriptTag({
    path: `${modules}@auth0/auth0-spa-js/dist/auth0-spa-js.production.js`,
  });
  await page.addScriptTag({
    path: `${modules}oidc-client-ts/dist/browser/oidc-client-ts.min.js`,
  });
  await page.evaluate(async () => {
    const w = window as unknown as Win;
    w.bench ??= {};
    // auth0-spa-js: its in-memory cache holds an access token and the id token it requires
    // (CacheManager is what loginWithPopup/handleRedirectCallback fill).
    const auth0 = new w.auth0.Auth0Client({
      domain: 'http://127.0.0.1:9',
      clientId: 'bench',
      authorizationParams: { redirect_uri: location.origin },
    }) as Record<string, unknown> & { getTokenSilently(): Promise<string> };
    const cache = auth0.cacheManager as {
      set(e: object): Promise<void>;
      setIdToken(c: string, t: string, d: object): Promise<void>;
    };
    const scope = (auth0.scope as Record<string, string>).default;
    const now = Math.floor(Date.now() / 1000);
    await cache.setIdToken('bench', 'h.p.s', {
      claims: { __raw: 'h.p.s', sub: 'u', iat: now },
      user: { sub: 'u' },
    });
    await cache.set({
      client_id: 'bench',
      audience: 'default',
      scope,
      access_token: 'auth0-at',
      expires_in: 3600,
    });
    w.bench.auth0 = () => auth0.getTokenSilently();
    // oidc-client-ts: a stored user (sessionStorage, its default store), as after signinPopup.
    const manager = new w.oidc.UserManager({
      authority: 'http://127.0.0.1:9',
      client_id: 'bench',
      redirect_uri: location.origin,
    });
    await manager.storeUser(
      new w.oidc.User({
        access_token: 'oidc-at',
        token_type: 'Bearer',
        profile: { sub: 'u' },
        expires_at: now + 3600,
      }),
    );
    w.bench.oidc = async () => (await manager.getUser())?.access_token;
  });
}

async function installMeasure(page: Page): Promise<void> {
  // tsx compiles with esbuild's keepNames, whose `__name` helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(() => {
    const w = window as unknown as Win;
    w.measure = async (name, calls) => {
      const fn = w.bench[name]!;
      for (let i = 0; i < 200; i++) await fn();
      const start = performance.now();
      for (let i = 0; i < calls; i++) await fn();
      return ((performance.now() - start) / calls) * 1000;
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measureAll(page: Page): Promise<Map<string, number>> {
  const names = await page.evaluate(() => Object.keys((window as unknown as Win).bench));
  for (const name of names) {
    const token = await page.evaluate((n) => (window as unknown as Win).bench[n]!(), name);
    if (!token) throw new Error(`${name}: no cached token`);
  }
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) {
      samples
        .get(name)!
        .push(
          await page.evaluate(([n, c]) => (window as unknown as Win).measure(n, c), [
            name,
            CALLS,
          ] as const),
        );
    }
  }
  return new Map([...samples].map(([n, xs]) => [n, median(xs)]));
}

function report(title: string, results: Map<string, number>, labels: Record<string, string>): void {
  const baseline = Math.min(results.get('auth0')!, results.get('oidc')!);
  console.log(
    `\n${title}  (mean of ${CALLS} cached calls, median of ${ROUNDS} rounds; ratio vs the faster baseline)`,
  );
  for (const [name, us] of results) {
    console.log(
      `  ${(labels[name] ?? name).padEnd(44)} ${us.toFixed(2).padStart(7)} µs   ${(us / baseline).toFixed(2)}×`,
    );
  }
}

const labels = {
  latchkeyPage: '@latchkey/web getToken (page mode)',
  latchkeyExtension: '@latchkey/web getToken (extension mode)',
  auth0: 'auth0-spa-js getTokenSilently (cached)',
  oidc: 'oidc-client-ts getUser',
};

async function pageMode(): Promise<void> {
  let stack: WebStack | undefined;
  try {
    stack = await startWebStack();
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    await page.evaluate('globalThis.__name = (f) => f');
    await page.evaluate(() => {
      const w = window as unknown as Win;
      w.bench = { latchkeyPage: () => w.lk.getToken('dev') };
    });
    await setUpBaselines(page);
    await installMeasure(page);
    report('page mode', await measureAll(page), labels);
  } finally {
    await stack?.close();
  }
}

async function extensionMode(): Promise<void> {
  let stack: WebStack | undefined;
  const built = await buildExtensionForE2e();
  try {
    stack = await startWebStack({ extensionDir: built.dir });
    const page = await setUpExtensionMode(stack);
    await page.evaluate('globalThis.__name = (f) => f');
    await page.evaluate(() => {
      const w = window as unknown as Win;
      w.bench = { latchkeyExtension: () => w.lk.getToken('dev') };
    });
    await setUpBaselines(page);
    await installMeasure(page);
    report('extension mode', await measureAll(page), labels);
  } finally {
    await stack?.close();
    await built.remove();
  }
}

await pageMode();
await extensionMode();
