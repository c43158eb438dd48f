// Speed under contention, page mode: 5 tabs × 20 concurrent getToken on an expired token, the one
// refresh's token request held 300 ms at the IdP. Reports how much longer the slowest caller waits
// than that token request takes (its PerformanceResourceTiming in the tab that sent it), both
// measured in this run; median of ROUNDS. No figure is asserted.
import type { Page } from 'playwright-core';
import type { Latchkey } from '../packages/web/src/index.js';
import { signInByClick, startWebStack } from '../test/e2e/support/web-stack.js';

type Win = Window & {
  lk: Latchkey;
  run?: Promise<{ start: number; end: number; tokens: string[]; request?: number }>;
};

const TABS = 5;
const CALLS = 20;
const HOLD_MS = 300;
const ROUNDS = 3;
// Tokens of 40 s are due for a refresh 20 s after issue (core's margin: at most half the lifetime).
const stack = await startWebStack({ accessTokenTtl: 40 });
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
  const waits: number[] = [];
  const requests: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const info = await tabs[0]!.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, info.expiresAt! - 20_000 - Date.now()) + 200),
    );
    await Promise.all(
      tabs.map((tab) =>
        tab.evaluate((n) => {
          const w = window as unknown as Win;
          performance.clearResourceTimings();
          const start = performance.timeOrigin + performance.now();
          w.run = Promise.all(Array.from({ length: n }, () => w.lk.getToken('dev'))).then(
            (tokens) => {
              const end = performance.timeOrigin + performance.now();
              const token = performance
                .getEntriesByType('resource')
                .find((e) => new URL(e.name).pathname === '/token') as
                PerformanceResourceTiming | undefined;
              return {
                start,
                end,
                tokens,
                ...(token && { request: token.responseEnd - token.startTime }),
              };
            },
          );
        }, CALLS),
      ),
    );
    const runs = await Promise.all(
      tabs.map((tab) => tab.evaluate(() => (window as unknown as Win).run!)),
    );
    const tokens = new Set(runs.flatMap((r) => r.tokens));
    const made = stack.idp.requests.count('token', 'refresh_token') - refreshes;
    const request = runs.find((r) => r.request !== undefined)?.request;
    if (tokens.size !== 1 || made !== 1 || request === undefined)
      throw new Error(`round ${round}: ${made} refreshes, ${tokens.size} tokens`);
    const wait = Math.max(...runs.map((r) => r.end)) - Math.min(...runs.map((r) => r.start));
    waits.push(wait);
    requests.push(request);
    console.log(
      `  round ${round + 1}: slowest caller ${wait.toFixed(1)} ms, token request ${request.toFixed(1)} ms`,
    );
  }
  const wait = median(waits);
  const request = median(requests);
  console.log(
    `\npage mode, ${TABS} tabs × ${CALLS} getToken on an expired token (one refresh, held ${HOLD_MS} ms at the IdP), median of ${ROUNDS}:`,
  );
  console.log(
    `  slowest caller ${wait.toFixed(1)} ms vs token request ${request.toFixed(1)} ms: +${(wait - request).toFixed(1)} ms (${(wait / request).toFixed(2)}×)`,
  );
} finally {
  await stack.close();
}
