import type { Page, Request } from 'playwright-core';

/**
 * What the panel sees of a finished request (the HAR subset the panel reads; mirrors
 * `HarEntryLike` in extension/src/devtools/devtools-host.ts).
 */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: { method: string; url: string; headers: { name: string; value: string }[] };
  response: { status: number };
}

/**
 * Stubs `chrome.devtools` in `page` before any of its scripts run — only `inspectedWindow` and
 * `network`, the parts a DevTools host provides; everything else (`chrome.runtime`, the broker) is
 * real. `window.__devtools.finish(entry)` delivers a finished request, `navigate(origin)` a
 * navigation of the inspected page.
 */
export async function stubDevtools(page: Page, inspectedOrigin: string): Promise<void> {
  await page.addInitScript((origin: string) => {
    const state = { origin };
    const finished = new Set<(entry: unknown) => void>();
    const navigated = new Set<(url: string) => void>();
    const event = <T>(set: Set<T>) => ({
      addListener: (fn: T) => void set.add(fn),
      removeListener: (fn: T) => void set.delete(fn),
      hasListener: (fn: T) => set.has(fn),
    });
    const w = window as unknown as { chrome: Record<string, unknown>; __devtools: unknown };
    w.chrome.devtools = {
      inspectedWindow: {
        tabId: 1,
        eval(expression: string, callback: (result: unknown, exception?: unknown) => void) {
          if (expression === 'location.origin') callback(state.origin, undefined);
          else callback(undefined, { isError: true, code: 'E_STUB', description: 'not stubbed' });
        },
      },
      network: { onRequestFinished: event(finished), onNavigated: event(navigated) },
    };
    // The panel reads `browser.devtools` (webextension-polyfill; native in recent Chromium and in
    // Firefox), whose `inspectedWindow.eval` resolves with [result, exceptionInfo].
    const devtools = w.chrome.devtools as {
      inspectedWindow: { eval(e: string, cb: (r: unknown, x?: unknown) => void): void };
      network: unknown;
    };
    const native = (window as unknown as { browser?: Record<string, unknown> }).browser;
    if (native) {
      native.devtools = {
        inspectedWindow: {
          tabId: 1,
          eval: (expression: string) =>
            new Promise((resolve) =>
              devtools.inspectedWindow.eval(expression, (r, x) => resolve([r, x])),
            ),
        },
        network: devtools.network,
      };
    }
    w.__devtools = {
      finish: (entry: unknown) => finished.forEach((fn) => fn(entry)),
      navigate: (next: string) => {
        state.origin = next;
        navigated.forEach((fn) => fn(`${next}/`));
      },
      listeners: () => finished.size + navigated.size,
    };
  }, inspectedOrigin);
}

/** A request Playwright saw the inspected page make, as DevTools would report it. */
export async function harEntryOf(request: Request): Promise<HarEntry> {
  const headers = await request.allHeaders();
  const response = await request.response();
  const timing = request.timing();
  return {
    startedDateTime: new Date(timing.startTime).toISOString(),
    time: Math.max(0, timing.responseEnd),
    request: {
      method: request.method(),
      url: request.url(),
      headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
    },
    response: { status: response?.status() ?? 0 },
  };
}

/** Makes `page` send a request to its own origin with `Authorization: Bearer <token>`; returns the HAR entry. */
export async function bearerRequestFrom(
  page: Page,
  token: string,
  path = '/api/data',
): Promise<HarEntry> {
  // The context's event, and a body read to the end: with this Chromium, Playwright reports
  // `requestfinished` on the context only, and only once the body was consumed.
  const finished = page.context().waitForEvent('requestfinished', {
    predicate: (r) => r.url().endsWith(path) && r.frame().page() === page,
    timeout: 10_000,
  });
  await page.evaluate(
    async ([p, t]) => {
      await (await fetch(p, { headers: { Authorization: `Bearer ${t}` } })).text();
    },
    [path, token] as const,
  );
  return harEntryOf(await finished);
}

/** Delivers a finished request to the stubbed panel. */
export async function deliverRequest(panel: Page, entry: HarEntry): Promise<void> {
  await panel.evaluate((e) => {
    (window as unknown as { __devtools: { finish(e: unknown): void } }).__devtools.finish(e);
  }, entry);
}
