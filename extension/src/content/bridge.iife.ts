// The content-script bridge for sites not in `externally_connectable`. It relays the page's
// `window.postMessage` requests to the broker and posts the replies back with the page's exact
// origin as target. It adds no trust: the broker takes the origin from the browser's `sender`.
import { browser } from '../platform/index.js';
import type { Runtime } from 'webextension-polyfill';
(() => {
  // Once per frame: in Firefox a pre-granted site's bridge is declared in the manifest and the same
  // site may also be registered at run time. The flag lives in the content script's own world.
  const world = globalThis as { latchkeyBridge?: true };
  if (world.latchkeyBridge) return;
  world.latchkeyBridge = true;
  const ORIGIN = location.origin;
  const MAX_CHARS = 256 * 1024;
  let port: Runtime.Port | undefined;

  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;

  // Pushes (tokenChanged, signedOut, grantRevoked) over a port opened on the first request, and
  // reopened on the next one after the worker stopped.
  const connect = (): void => {
    if (port) return;
    try {
      const p = (port = browser.runtime.connect({ name: 'latchkey-bridge' }));
      p.onMessage.addListener((event: unknown) => window.postMessage(event, ORIGIN));
      p.onDisconnect.addListener(() => {
        if (port === p) port = undefined;
      });
    } catch {
      port = undefined; // the extension was reloaded: this script is orphaned
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    // Only this window's own messages: not other frames, not other origins.
    if (event.source !== window || event.origin !== ORIGIN) return;
    const data: unknown = event.data;
    // Requests only; our own replies and pushes (which carry `ok` / `event`) are ignored.
    if (!isRecord(data) || !('method' in data) || 'ok' in data || data.latchkey === undefined)
      return;
    if (typeof data.id !== 'string') return;
    let size = 0;
    try {
      size = JSON.stringify(data).length;
    } catch {
      return;
    }
    if (size > MAX_CHARS) return;
    connect();
    const id = data.id;
    const failure = (message: string) => ({
      latchkey: 1,
      id,
      ok: false,
      error: { code: 'unsupported', message },
    });
    browser.runtime.sendMessage(data).then(
      // A message the broker refuses to answer (e.g. the internal protocol, which is for extension
      // pages only) resolves with nothing: the page hears so now rather than at its timeout.
      (reply: unknown) =>
        window.postMessage(
          isRecord(reply) ? reply : failure('The broker did not answer this message'),
          ORIGIN,
        ),
      (error: unknown) =>
        window.postMessage(failure(`Latchkey unreachable: ${String(error)}`), ORIGIN),
    );
  });
})();
