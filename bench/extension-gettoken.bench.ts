// The extension broker's cached getToken, from a page over externally_connectable, against a bare
// `hello` round trip to the same extension (the baseline: same channel, same worker, no storage),
// measured in one Chromium run; then the first getToken after the worker was stopped (CDP), against
// the first `hello` after a stop. Per-call times in the page (performance.now), interleaved batches.
// Figures are printed, never asserted.
import type { Page } from 'playwright-core';
import {
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from '../test/e2e/support/extension-stack.js';

const BATCHES = 20;
const PER_BATCH = 50;
const COLD_ROUNDS = 8;

/** Times `n` sequential calls of `method` from the page; returns per-call milliseconds. */
function timeCalls(
  page: Page,
  id: string,
  method: string,
  params: object,
  n: number,
): Promise<number[]> {
  return page.evaluate(
    async ({ id, method, params, n }) => {
      const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage: Function } } })
        .chrome.runtime;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        // Inline (no named helper): tsx would wrap a named function in `__name`, unknown in the page.
        await new Promise<unknown>((resolve, reject) =>
          rt.sendMessage(
            id,
            { latchkey: 1, id: 'x', method, params },
            (r: { ok?: boolean; error?: unknown }) =>
              r?.ok ? resolve(r) : reject(new Error(JSON.stringify(r?.error ?? 'no reply'))),
          ),
        );
        times.push(performance.now() - t0);
      }
      return times;
    },
    { id, method, params, n },
  );
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (ms: number): string => `${ms.toFixed(3)} ms`;

async function main(): Promise<void> {
  const stack: ExtensionStack = await startExtensionStack();
  try {
    const page = await stack.open(stack.pages.pageUrl());
    const consent = stack.nextConsent();
    const signIn = stack.direct(page, 'signIn', { provider: 'dev' });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    tokenOf(await signIn);

    const getToken = { provider: 'dev', minValidity: 0 };
    // Warm up both paths (JIT, IndexedDB connection).
    await timeCalls(page, stack.extensionId, 'hello', {}, 100);
    await timeCalls(page, stack.extensionId, 'getToken', getToken, 100);
    const hello: number[] = [];
    const cached: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      hello.push(...(await timeCalls(page, stack.extensionId, 'hello', {}, PER_BATCH)));
      cached.push(...(await timeCalls(page, stack.extensionId, 'getToken', getToken, PER_BATCH)));
    }

    const coldToken: number[] = [];
    const coldHello: number[] = [];
    for (let r = 0; r < COLD_ROUNDS; r++) {
      await stack.browser.stopServiceWorker();
      coldHello.push(...(await timeCalls(page, stack.extensionId, 'hello', {}, 1)));
      await stack.browser.stopServiceWorker();
      coldToken.push(...(await timeCalls(page, stack.extensionId, 'getToken', getToken, 1)));
    }

    const row = (name: string, xs: number[]) =>
      console.log(
        `${name.padEnd(44)} median ${fmt(quantile(xs, 0.5))}  p95 ${fmt(quantile(xs, 0.95))}  (n=${xs.length})`,
      );
    row('hello round trip (baseline)', hello);
    row('cached getToken', cached);
    console.log(
      `ratio cached getToken / hello: median ${(quantile(cached, 0.5) / quantile(hello, 0.5)).toFixed(2)}  p95 ${(quantile(cached, 0.95) / quantile(hello, 0.95)).toFixed(2)}  (target ≤ 1.2)`,
    );
    row('first hello after the worker was stopped', coldHello);
    row('first getToken after the worker was stopped', coldToken);
    console.log(
      `ratio cold getToken / cold hello: median ${(quantile(coldToken, 0.5) / quantile(coldHello, 0.5)).toFixed(2)}`,
    );
  } finally {
    await stack.close();
  }
}

await main();
