import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The page a test drives: `window.direct(method, params)` sends one request to the extension over
 * `chrome.runtime.sendMessage` (externally_connectable), `window.bridge(method, params)` sends it to
 * the content-script bridge over the `MessagePort` handed to it once (a `{ latchkey: 1, connect }`
 * message on the window, exact target origin). Both resolve with the raw reply. `window.seen` has
 * every message the window received, `window.events` every push (over the direct port or the bridge's).
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>latchkey e2e</title><h1>page</h1>
<script>
let n = 0;
window.events = [];
window.seen = [];
addEventListener('message', (e) => window.seen.push(e.data));
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
let bridgePort;
const bridgeWaiters = new Map();
window.bridgePort = () => {
  if (bridgePort) return bridgePort;
  const channel = new MessageChannel();
  bridgePort = channel.port1;
  bridgePort.onmessage = (event) => {
    const d = event.data;
    if (d && d.latchkey === 1 && d.event) window.events.push(d);
    else if (d && bridgeWaiters.has(d.id) && 'ok' in d) bridgeWaiters.get(d.id)(d);
  };
  postMessage({ latchkey: 1, connect: 'latchkey-bridge' }, location.origin, [channel.port2]);
  return bridgePort;
};
window.bridgeRaw = (message, timeoutMs = 60000) => new Promise((resolve) => {
  const port = window.bridgePort();
  bridgeWaiters.set(message.id, (d) => (bridgeWaiters.delete(message.id), resolve(d)));
  port.postMessage(message);
  setTimeout(() => resolve({ unreachable: 'no reply' }), timeoutMs);
});
window.bridge = (method, params, timeoutMs = 60000) =>
  window.bridgeRaw({ latchkey: 1, id: 'b' + ++n, method, params }, timeoutMs);
</script>`;

export interface TestPages {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** The page: `${origin}/page.html`; `frameOf(url)` is a page that embeds `url` in an iframe. */
  pageUrl(host?: '127.0.0.1' | 'localhost'): string;
  frameHostUrl(frameUrl: string): string;
  close(): Promise<void>;
}

/** Serves the test pages on 127.0.0.1:0. */
export async function serveTestPages(): Promise<TestPages> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    if (url.pathname === '/page.html') return void res.end(PAGE);
    if (url.pathname === '/frame-host.html') {
      const src = url.searchParams.get('src') ?? '';
      return void res.end(
        `<!doctype html><h1>host</h1><iframe id="f" src="${src.replace(/"/g, '')}"></iframe>`,
      );
    }
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    pageUrl: (host = '127.0.0.1') => `http://${host}:${port}/page.html`,
    frameHostUrl: (frameUrl) =>
      `http://127.0.0.1:${port}/frame-host.html?src=${encodeURIComponent(frameUrl)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
