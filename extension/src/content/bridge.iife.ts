// The content-script bridge for sites not in `externally_connectable`. The page hands it a
// `MessagePort` once (a `{ latchkey, connect }` message on its own window, exact target origin, the
// port transferred); requests come over that port and the replies and the broker's pushes go back on
// it only, never on the window, where other scripts and other extensions' content scripts could read
// them. It adds no trust: the broker takes the origin from the browser's `sender`.
// Built as an IIFE (crxjs: `*.iife.ts`), with the protocol's constants bundled in from core.
import {
  BRIDGE_CONNECT,
  BROKER_EVENTS,
  MAX_REQUEST_CHARS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
} from '@latchkey/core';
import type { BridgeState, BrokerEvent } from '@latchkey/core';
import { browser } from '../platform/index.js';
import type { Runtime } from 'webextension-polyfill';

(() => {
  // Once per frame: in Firefox a pre-granted site's bridge is declared in the manifest and the same
  // site may also be registered at run time. The flag lives in the content script's own world.
  const world = globalThis as { latchkeyBridge?: true };
  if (world.latchkeyBridge) return;
  world.latchkeyBridge = true;
  const ORIGIN = location.origin;
  /** The pages' ports: each gets its replies and every push. */
  const pagePorts = new Set<MessagePort>();
  let brokerPort: Runtime.Port | undefined;
  /** Whether the broker accepted `brokerPort` (it said `live`): every push reaches us from then on. */
  let live = false;

  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;

  const state = (bridge: BridgeState['bridge']): BridgeState => ({
    latchkey: PROTOCOL_VERSION,
    bridge,
  });
  const toPages = (message: BridgeState | BrokerEvent): void => {
    for (const port of pagePorts) port.postMessage(message);
  };

  /**
   * What the broker's port carries, checked and rebuilt field by field: its `live` state, or a push
   * as a provider id and an event name (which the page only uses to drop its cached token; a push
   * never carries a token). Anything else is dropped.
   */
  const fromBroker = (message: unknown): BridgeState | BrokerEvent | undefined => {
    if (!isRecord(message) || message.latchkey !== PROTOCOL_VERSION) return undefined;
    if (message.bridge === 'live') return state('live');
    const event = BROKER_EVENTS.find((e) => e === message.event);
    const provider = message.provider;
    if (!event || typeof provider !== 'string') return undefined;
    return { latchkey: PROTOCOL_VERSION, event, provider };
  };

  /** Why the broker cannot be reached: after an extension reload or update this script is orphaned. */
  const unreachable = (error: unknown): string =>
    browser.runtime?.id
      ? `Latchkey unreachable: ${String(error)}`
      : 'The Latchkey extension was reloaded, updated or removed: reload the page';

  // Pushes (tokenChanged, signedOut, grantRevoked) over a port opened on the first request, and
  // reopened on the next one after the worker stopped. The pages hear `live` once the broker
  // accepted the port and `lost` when it drops, so that they serve from memory only while pushes
  // arrive (a stopped worker is woken by the next request, not kept running by this port).
  const connectBroker = (): void => {
    if (brokerPort) return;
    try {
      const p = (brokerPort = browser.runtime.connect({ name: PORT_NAMES.bridge }));
      p.onMessage.addListener((message: unknown) => {
        if (brokerPort !== p) return;
        const checked = fromBroker(message);
        if (checked && 'bridge' in checked) live = true;
        if (checked) toPages(checked);
      });
      p.onDisconnect.addListener(() => {
        if (brokerPort !== p) return;
        brokerPort = undefined;
        live = false;
        toPages(state('lost'));
      });
    } catch {
      brokerPort = undefined; // the extension was reloaded: this script is orphaned
      if (live) toPages(state('lost'));
      live = false;
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
      browser.runtime.sendMessage(data).then(
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
    // A page that connects while the broker's port is up hears every push from now on.
    if (live) port.postMessage(state('live'));
  });
})();
