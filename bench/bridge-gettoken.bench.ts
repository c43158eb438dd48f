// `@latchkey/web`'s cached getToken on the content-script bridge (every site in Firefox; sites not in
// externally_connectable in Chromium), per browser: the in-page memo, and a getToken the broker
// answers, each against a bare `hello` round trip through the same bridge (the baseline: same
// content script, same broker, no storage), measured in the same page in the same run. Chromium by
// playwright-core, Firefox ESR by puppeteer-core over WebDriver BiDi. Times are per call, from
// batches (performance.now around a batch, divided by its size); printed, never asserted.
import type { Page as ChromiumPage } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { buildExtensionForE2e, firefoxDirOf } from '../test/e2e/support/extension-build.js';
import { serveDemo } from '../test/e2e/support/web-demo-server.js';
import { internal, loginInBrokerWindow } from '../test/e2e/support/web-extension.js';
import { startWebStack } from '../test/e2e/support/web-stack.js';
import { startFirefoxStack } from '../test/e2e-firefox/support/firefox-stack.js';

const BATCHES = 20;
const PER_BATCH = 50;
const MEMO_PER_BATCH = 2000;

interface Measured {
  hello: number[];
  bridged: number[];
  memo: number[];
  /** Requests the page posted during the memo batches (0 when every call came from memory). */
  memoPosts: number;
}

// Page code as a string: the same text runs in both browsers, untouched by tsx's transforms.
const SIGN_IN_READY = `(async () => {
  window.lk = await window.Latchkey.createLatchkey({ providers: [{ id: 'dev' }], mode: 'extension', helloTimeout: 10000 });
  window.signInDone = window.lk.signIn('dev').then((t) => t.accessToken);
  return window.lk.mode;
})()`;

const MEASURE = `(async () => {
  const channel = new MessageChannel();
  let n = 0;
  const waiters = new Map();
  channel.port1.onmessage = (e) => {
    const done = waiters.get(e.data && e.data.id);
    if (done) { waiters.delete(e.data.id); done(e.data); }
  };
  postMessage({ latchkey: 1, connect: 'latchkey-bridge' }, location.origin, [channel.port2]);
  const raw = (method, params) => new Promise((resolve, reject) => {
    const id = 'bench-' + ++n;
    waiters.set(id, (r) => (r.ok ? resolve(r) : reject(new Error(JSON.stringify(r.error)))));
    channel.port1.postMessage({ latchkey: 1, id, method, params });
  });
  const hello = () => raw('hello', {});
  const bridged = () => raw('getToken', { provider: 'dev' });
  const memo = () => window.lk.getToken('dev');
  const batch = async (fn, count) => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) await fn();
    return (performance.now() - t0) / count;
  };
  let posts = 0;
  const post = MessagePort.prototype.postMessage;
  await batch(hello, 100);
  await batch(bridged, 100);
  await batch(memo, 5000);
  const out = { hello: [], bridged: [], memo: [], memoPosts: 0 };
  for (let b = 0; b < ${BATCHES}; b++) {
    out.hello.push(await batch(hello, ${PER_BATCH}));
    out.bridged.push(await batch(bridged, ${PER_BATCH}));
    MessagePort.prototype.postMessage = function (...a) { posts++; return post.apply(this, a); };
    out.memo.push(await batch(memo, ${MEMO_PER_BATCH}));
    MessagePort.prototype.postMessage = post;
  }
  out.memoPosts = posts;
  return out;
})()`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fmt = (ms: number): string =>
  ms < 0.1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`;

function report(browser: string, m: Measured): void {
  const [hello, bridged, memo] = [median(m.hello), median(m.bridged), median(m.memo)];
  console.log(`${browser}:`);
  console.log(`  hello through the bridge (baseline)      median ${fmt(hello)}`);
  console.log(`  getToken answered by the broker          median ${fmt(bridged)}`);
  console.log(
    `  cached getToken (in-page memo)           median ${fmt(memo)}  (requests sent: ${m.memoPosts})`,
  );
  console.log(
    `  ratio broker getToken / hello ${(bridged / hello).toFixed(2)}; memo getToken / hello ${(memo / hello).toPrecision(2)} (${Math.round(hello / memo)}× faster than the baseline)`,
  );
}

/**
 * Signs in from the harness in `page` (Playwright's or puppeteer's: both evaluate a script), with
 * `login` the login in the broker's window that the sign-in opens, then measures.
 */
async function signInAndMeasure(
  page: { evaluate(script: string): Promise<unknown> },
  login: Promise<unknown>,
): Promise<Measured> {
  await page.evaluate(SIGN_IN_READY);
  await login;
  await page.evaluate('window.signInDone');
  return (await page.evaluate(MEASURE)) as Measured;
}

async function chromium(dir: string): Promise<Measured> {
  const stack = await startWebStack({ extensionDir: dir });
  try {
    // `localhost` is left out of the e2e build's externally_connectable: the bridge only.
    const origin = stack.app.origin.replace('127.0.0.1', 'localhost');
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/src/options/index.html`);
    const { redirectUri: _ignored, ...provider } = stack.provider;
    await internal(options, 'saveProvider', { config: provider });
    await internal(options, 'addSite', { origin });
    await internal(options, 'allowSite', { origin, provider: provider.id });
    const page: ChromiumPage = await stack.browser.context.newPage();
    await page.goto(`${origin}/harness.html`);
    return await signInAndMeasure(page, loginInBrokerWindow(stack));
  } finally {
    await stack.close();
  }
}

async function firefox(dir: string): Promise<Measured> {
  const [stack, app] = await Promise.all([startFirefoxStack({ extensionDir: dir }), serveDemo()]);
  try {
    await stack.reinstall();
    await stack.saveProvider();
    await stack.internal('allowSite', { origin: app.origin, provider: 'dev' });
    const page: FirefoxPage = await stack.browser.newPage();
    await page.goto(`${app.origin}/harness.html`);
    return await signInAndMeasure(page, stack.loginInNextWindow());
  } finally {
    await stack.close();
    await app.close();
  }
}

const built = await buildExtensionForE2e();
report('Chromium (content-script bridge)', await chromium(built.dir));
report('Firefox ESR (content-script bridge)', await firefox(firefoxDirOf(built.dir)));
