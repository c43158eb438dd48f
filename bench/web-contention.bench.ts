// Speed under contention, page mode: 5 tabs × 20 concurrent getToken on an expired token, the one
// refresh's token request held 300 ms at the IdP. Reports how much longer than that token request
// (its PerformanceResourceTiming in the tab that sent it) the slowest caller waits, from its own
// call to its answer, and the whole burst takes, from the first call in any tab to the last answer;
// all measured in this run, median of ROUNDS. No figure is asserted.
import type { Page } from 'playwright-core';
import type { Latchkey } from '../packages/web/src/index.js';
import { signInByClick, startWebStack } from '../test/e2e/support/web-stack.js';

type Win = Window & {
  lk: Latchkey;
  run?: Promise<{
    start: number;
    end: number;
    tokens: string[];
    request?: { start: number; end: number };
  }>;
};

const TABS = 5;
const CALLS = 20;
const HOLD_MS = 300;
const ROUNDS = 7;
const TTL_S = 10;
// Tokens of 10 s are due for a refresh 5 s after issue (core's margin: at most half the lifetime).
const stack = await startWebStack({ accessTokenTtl: TTL_S });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const tabs: Page[] = [];
  for (let i = 0; i < TABS; i++) tabs.push(await stack.openHarness('page'));
  await signInByClick(stack, tabs[0]!);
  for (const tab of tabs) await tab.evaluate('globalThis.__name = (f) => f');
  stack.idp.setTamper((req) =>
    req.endpoint === 'token' && req.grantType === 'refresh_token'
      ? { delayMs: HOLD_MS }
      : undefined,
  );
  const rows: {
    wait: number;
    own: number;
    request: number;
    before: number;
    holder: number;
    others: number;
  }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const info = await tabs[0]!.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, info.expiresAt! - (TTL_S / 2) * 1000 - Date.now()) + 200),
    );
    // Every tab starts its calls at the same instant (one clock for all tabs of the machine), so
    // that they are concurrent rather than as far apart as the commands reaching the tabs.
    const at = Date.now() + 250;
    await Promise.all(
      tabs.map((tab) =>
        tab.evaluate(
          ({ n, at, tabs, round }) => {
            const w = window as unknown as Win;
            performance.clearResourceTimings();
            // Each tab hands its figures to the driver once every tab is done: the driver's own
            // traffic would otherwise compete with the tabs still waiting, on a 2-core machine.
            const done = new BroadcastChannel(`bench-done-${round}`);
            let others = 0;
            let allDone!: () => void;
            const all = new Promise<void>((resolve) => (allDone = resolve));
            done.onmessage = () => {
              if (++others === tabs - 1) allDone();
            };
            const finish = () => {
              done.postMessage(1);
              return all.then(() => done.close());
            };
            const now = () => performance.timeOrigin + performance.now();
            let start = 0;
            w.run = new Promise((go) => setTimeout(go, at - now())).then(() => {
              start = now();
              return Promise.all(Array.from({ length: n }, () => w.lk.getToken('dev')))
                .then((tokens) => {
                  const end = now();
                  const token = performance
                    .getEntriesByType('resource')
                    .find((e) => new URL(e.name).pathname === '/token') as
                    PerformanceResourceTiming | undefined;
                  return {
                    start,
                    end,
                    // The distinct tokens (one, if all went well): 20 copies would make the
                    // answer the test driver is waiting for heavier than the calls it times.
                    tokens: [...new Set(tokens)],
                    ...(token && {
                      request: {
                        start: performance.timeOrigin + token.startTime,
                        end: performance.timeOrigin + token.responseEnd,
                      },
                    }),
                  };
                })
                .then(
                  (result) => finish().then(() => result),
                  (err: unknown) => finish().then(() => Promise.reject(err)),
                );
            });
          },
          { n: CALLS, at, tabs: TABS, round },
        ),
      ),
    );
    const runs = await Promise.all(
      tabs.map((tab) => tab.evaluate(() => (window as unknown as Win).run!)),
    );
    const tokens = new Set(runs.flatMap((r) => r.tokens));
    const made = stack.idp.requests.count('token', 'refresh_token') - refreshes;
    const holder = runs.find((r) => r.request !== undefined);
    const request = holder?.request;
    if (tokens.size !== 1 || made !== 1 || !holder || !request)
      throw new Error(`round ${round}: ${made} refreshes, ${tokens.size} tokens`);
    const start = Math.min(...runs.map((r) => r.start));
    const end = Math.max(...runs.map((r) => r.end));
    const others = Math.max(...runs.filter((r) => r !== holder).map((r) => r.end));
    const row = {
      wait: end - start,
      // The longest any one caller waited: from its own call to its own answer.
      own: Math.max(...runs.map((r) => r.end - r.start)),
      request: request.end - request.start,
      before: request.start - start,
      holder: holder.end - request.end,
      others: others - request.end,
    };
    rows.push(row);
    console.log(
      `  round ${round + 1}: first call to last answer ${row.wait.toFixed(1)} ms (one caller's longest wait ${row.own.toFixed(1)} ms), token request ${row.request.toFixed(1)} ms` +
        ` (sent ${row.before.toFixed(1)} ms after the first call; after its answer: the refreshing tab's` +
        ` callers +${row.holder.toFixed(1)} ms, the other tabs' +${row.others.toFixed(1)} ms)`,
    );
  }
  const of = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
  const wait = of('wait');
  const request = of('request');
  console.log(
    `\npage mode, ${TABS} tabs × ${CALLS} getToken on an expired token (one refresh, held ${HOLD_MS} ms at the IdP), median of ${ROUNDS}:`,
  );
  const own = of('own');
  console.log(
    `  slowest caller ${own.toFixed(1)} ms (one caller, from its call to its answer) vs token request ${request.toFixed(1)} ms: +${(own - request).toFixed(1)} ms (${(own / request).toFixed(2)}×)`,
  );
  console.log(
    `  whole burst ${wait.toFixed(1)} ms (first call in any tab to last answer): +${(wait - request).toFixed(1)} ms (${(wait / request).toFixed(2)}×)`,
  );
  console.log(
    `  of which before the request ${of('before').toFixed(1)} ms; after it, the refreshing tab +${of('holder').toFixed(1)} ms, the other tabs +${of('others').toFixed(1)} ms`,
  );
} finally {
  await stack.close();
}
