// The content-script bridge for sites not in `externally_connectable`. The page hands it a
// `MessagePort` once (a `{ latchkey, connect }` message on its own window, exact target origin, the
// port transferred); requests come over that port and the replies and the broker's pushes go back on
// it only, never on the window, where other scripts and other extensions' content scripts could read
// them. It adds no trust: the broker takes the origin from the browser's `sender`.
// Built as an IIFE (crxjs: `*.iife.ts`), with the protocol's constants bundled in from core.
import {
  BRIDGE_CONNECT,
  MAX_REQUEST_CHARS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
} from '@latchkey/core';

(() => {
  const ORIGIN = location.origin;
  /** The pages' ports: each gets its replies and every push. */
  const pagePorts = new Set<MessagePort>();
  let brokerPort: chrome.runtime.Port | undefined;

  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;

  /** Why the broker cannot be reached: after an extension reload or update this script is orphaned. */
  const unreachable = (error: unknown): string =>
    chrome.runtime?.id
      ? `Latchkey unreachable: ${String(error)}`
      : 'The Latchkey extension was reloaded, updated or removed: reload the page';

  // Pushes (tokenChanged, signedOut, grantRevoked) over a port opened on the first request, and
  // reopened on the next one after the worker stopped.
  const connectBroker = (): void => {
    if (brokerPort) return;
    try {
      const p = (brokerPort = chrome.runtime.connect({ name: PORT_NAMES.bridge }));
      p.onMessage.addListener((event: unknown) => {
        for (const port of pagePorts) port.postMessage(event);
      });
      p.onDisconnect.addListener(() => {
        void chrome.runtime.lastError;
        if (brokerPort === p) brokerPort = undefined;
      });
    } catch {
      brokerPort = undefined; // the extension was reloaded: this script is orphaned
    }
  };

  const onRequest = (port: MessagePort, data: unknown): void => {
    // Request-shaped messages only (the broker checks the rest).
    if (!isRecord(data) || !('method' in data) || data.latchkey === undefined) return;
    if (typeof data.id !== 'string') return;
    const id = data.id;
    let size = 0;
    try {
      size = JSON.stringify(data).length;
    } catch {
      size = Infinity;
    }
    if (size > MAX_REQUEST_CHARS) {
      port.postMessage(
        errorReply(id, 'invalid_request', `The message exceeds ${MAX_REQUEST_CHARS} characters`),
      );
      return;
    }
    const fail = (error: unknown) =>
      port.postMessage(errorReply(id, 'unsupported', unreachable(error)));
    try {
      connectBroker();
      chrome.runtime.sendMessage(data).then(
        // A message the broker refuses to answer (e.g. the internal protocol, which is for extension
        // pages only) resolves with nothing: the page hears so now rather than at its timeout.
        (reply: unknown) =>
          port.postMessage(
            isRecord(reply)
              ? reply
              : errorReply(id, 'unsupported', 'The broker did not answer this message'),
          ),
        fail,
      );
    } catch (error) {
      // "Extension context invalidated" is thrown, not rejected: answer at once, not at the page's timeout.
      fail(error);
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    // Only this window's own messages: not other frames, not other origins.
    if (event.source !== window || event.origin !== ORIGIN) return;
    const data: unknown = event.data;
    if (
      !isRecord(data) ||
      data.latchkey !== PROTOCOL_VERSION ||
      data.connect !== BRIDGE_CONNECT ||
      event.ports.length !== 1
    )
      return;
    const port = event.ports[0]!;
    pagePorts.add(port);
    port.onmessage = (message: MessageEvent) => onRequest(port, message.data);
  });
})();
