import { createServer } from 'node:http';
/**
 * The page a test drives: `window.direct(method, params)` sends one request to the extension over
 * `chrome.runtime.sendMessage` (externally_connectable), `window.bridge(method, params)` posts it
 * on the window for the content-script bridge (exact target origin). Both resolve with the raw reply.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>latchkey e2e</title><h1>page</h1>
<script>
let n = 0;
window.events = [];
window.seen = [];
addEventListener('message', (e) => {
  window.seen.push(e.data);
  // Pushes relayed by the bridge's content script (same window, same origin).
  if (e.source === window && e.origin === location.origin && e.data && e.data.latchkey === 1 && e.data.event) window.events.push(e.data);
});
window.direct = (extensionId, method, params) => new Promise((resolve) => {
  if (!globalThis.chrome?.runtime?.sendMessage) return resolve({ unreachable: 'no chrome.runtime' });
  chrome.runtime.sendMessage(extensionId, { latchkey: 1, id: 'd' + ++n, method, params }, (reply) => {
    const error = chrome.runtime.lastError;
    resolve(error ? { unreachable: error.message } : reply);
  });
});
window.listen = (extensionId) => {
  const port = chrome.runtime.connect(extensionId, { name: 'latchkey-events' });
  port.onMessage.addListener((m) => window.events.push(m));
};
window.bridge = (method, params, timeoutMs = 60000) => new Promise((resolve) => {
  const id = 'b' + ++n;
  const onMessage = (event) => {
    if (event.source !== window || event.origin !== location.origin) return;
    const d = event.data;
    if (!d || d.id !== id || !('ok' in d)) return;
    removeEventListener('message', onMessage);
    resolve(d);
  };
  addEventListener('message', onMessage);
  postMessage({ latchkey: 1, id, method, params }, location.origin);
  setTimeout(() => resolve({ unreachable: 'no reply' }), timeoutMs);
});
</script>`;
/** Serves the test pages on 127.0.0.1:0. */
export async function serveTestPages() {
    const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        if (url.pathname === '/page.html')
            return void res.end(PAGE);
        if (url.pathname === '/frame-host.html') {
            const src = url.searchParams.get('src') ?? '';
            return void res.end(`<!doctype html><h1>host</h1><iframe id="f" src="${src.replace(/"/g, '')}"></iframe>`);
        }
        res.statusCode = 404;
        res.end('not found');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    return {
        origin: `http://127.0.0.1:${port}`,
        port,
        pageUrl: (host = '127.0.0.1') => `http://${host}:${port}/page.html`,
        frameHostUrl: (frameUrl) => `http://127.0.0.1:${port}/frame-host.html?src=${encodeURIComponent(frameUrl)}`,
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
