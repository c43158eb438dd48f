/**
 * Stubs `chrome.devtools` in `page` before any of its scripts run — only `inspectedWindow` and
 * `network`, the parts a DevTools host provides; everything else (`chrome.runtime`, the broker) is
 * real. `window.__devtools.finish(entry)` delivers a finished request, `navigate(origin)` a
 * navigation of the inspected page.
 */
export async function stubDevtools(page, inspectedOrigin) {
    await page.addInitScript((origin) => {
        const state = { origin };
        const finished = new Set();
        const navigated = new Set();
        const event = (set) => ({
            addListener: (fn) => void set.add(fn),
            removeListener: (fn) => void set.delete(fn),
            hasListener: (fn) => set.has(fn),
        });
        const w = window;
        w.chrome.devtools = {
            inspectedWindow: {
                tabId: 1,
                eval(expression, callback) {
                    if (expression === 'location.origin')
                        callback(state.origin, undefined);
                    else
                        callback(undefined, { isError: true, code: 'E_STUB', description: 'not stubbed' });
                },
            },
            network: { onRequestFinished: event(finished), onNavigated: event(navigated) },
        };
        // The panel reads `browser.devtools` (webextension-polyfill; native in recent Chromium and in
        // Firefox), whose `inspectedWindow.eval` resolves with [result, exceptionInfo].
        const devtools = w.chrome.devtools;
        const native = window.browser;
        if (native) {
            native.devtools = {
                inspectedWindow: {
                    tabId: 1,
                    eval: (expression) => new Promise((resolve) => devtools.inspectedWindow.eval(expression, (r, x) => resolve([r, x]))),
                },
                network: devtools.network,
            };
        }
        w.__devtools = {
            finish: (entry) => finished.forEach((fn) => fn(entry)),
            navigate: (next) => {
                state.origin = next;
                navigated.forEach((fn) => fn(`${next}/`));
            },
            listeners: () => finished.size + navigated.size,
        };
    }, inspectedOrigin);
}
/** A request Playwright saw the inspected page make, as DevTools would report it. */
export async function harEntryOf(request) {
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
export async function bearerRequestFrom(page, token, path = '/api/data') {
    // The context's event, and a body read to the end: with this Chromium, Playwright reports
    // `requestfinished` on the context only, and only once the body was consumed.
    const finished = page.context().waitForEvent('requestfinished', {
        predicate: (r) => r.url().endsWith(path) && r.frame().page() === page,
        timeout: 10_000,
    });
    await page.evaluate(async ([p, t]) => {
        await (await fetch(p, { headers: { Authorization: `Bearer ${t}` } })).text();
    }, [path, token]);
    return harEntryOf(await finished);
}
/** Delivers a finished request to the stubbed panel. */
export async function deliverRequest(panel, entry) {
    await panel.evaluate((e) => {
        window.__devtools.finish(e);
    }, entry);
}
