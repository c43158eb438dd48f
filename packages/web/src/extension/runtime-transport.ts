import { LatchkeyError, PORT_NAMES } from '@latchkey/core/base';
import { callBroker, isBrokerEvent } from './envelope.js';
import type { EventSink, Transport } from './transport.js';

/** The part of `chrome.runtime` a web page sees when it is in an extension's `externally_connectable`. */
interface PagePort {
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}
export interface PageRuntime {
  sendMessage(extensionId: string, message: unknown, callback: (response: unknown) => void): void;
  connect(extensionId: string, info?: { name?: string }): PagePort;
  lastError?: { message?: string };
}

/** `chrome.runtime` as exposed to this page, if any extension lets it connect. */
export const pageRuntime = (): PageRuntime | undefined => {
  const runtime = (globalThis as { chrome?: { runtime?: PageRuntime } }).chrome?.runtime;
  return runtime?.sendMessage ? runtime : undefined;
};

/**
 * Talks to the broker with `chrome.runtime.sendMessage(extensionId, …)` and receives its pushes over a
 * long-lived `chrome.runtime.connect` port, reopened on the next request after it drops (an MV3
 * service worker may stop at any time).
 */
export function runtimeTransport(
  runtime: PageRuntime,
  extensionId: string,
  sink: EventSink,
): Transport {
  let port: PagePort | undefined;
  const connect = (): void => {
    if (port) return;
    try {
      const p = (port = runtime.connect(extensionId, { name: PORT_NAMES.events }));
      p.onMessage.addListener((message) => isBrokerEvent(message) && sink(message));
      p.onDisconnect.addListener(() => {
        void runtime.lastError; // read, or Chrome logs "Unchecked runtime.lastError"
        if (port === p) port = undefined;
        sink(undefined);
      });
    } catch {
      port = undefined;
    }
  };
  return {
    request: (method, params, timeout) => {
      connect();
      return callBroker(method, params, timeout, (request, _id, reply) =>
        runtime.sendMessage(extensionId, request, (response) => {
          const error = runtime.lastError;
          reply(
            error
              ? new LatchkeyError('unsupported', `Extension unreachable: ${error.message}`)
              : response,
          );
        }),
      );
    },
    live: () => !!port,
    close: () => {
      const p = port;
      port = undefined;
      p?.disconnect();
    },
  };
}
