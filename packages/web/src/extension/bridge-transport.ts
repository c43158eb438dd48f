import { BRIDGE_CONNECT, PROTOCOL_VERSION } from '@latchkey/core/base';
import type { BridgeConnect, BridgeState } from '@latchkey/core';
import { callBroker, isBrokerEvent, isBrokerResponse } from './envelope.js';
import type { EventSink, Transport } from './transport.js';

/**
 * Talks to the broker through the extension's content script: a `MessageChannel` port is handed to
 * it once, posted on this window with this page's exact origin as target; requests, replies and the
 * broker's pushes then travel on that port only, out of reach of the page's other scripts' and other
 * extensions' window listeners. Without the content script nothing answers, and `hello` times out.
 *
 * The push channel is live from the content script's `live` (the broker accepted its port) until its
 * `lost` (that port dropped): only in between may a cached token be served from memory. A push only
 * ever drops cached tokens; a token enters memory only from a reply to this page's own request.
 * @see https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging
 */
export function bridgeTransport(sink: EventSink): Transport {
  const pending = new Map<string, (data: unknown) => void>();
  const { port1: port, port2 } = new MessageChannel();
  let live = false;
  port.onmessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isBrokerResponse(data)) pending.get(data.id)?.(data);
    else if (isBrokerEvent(data)) sink(data);
    else {
      // The content script's `BridgeState`; anything else is ignored.
      const state = (data as Partial<BridgeState> | null)?.bridge;
      if (state === 'live') live = true;
      if (state === 'lost') {
        live = false;
        sink(undefined);
      }
    }
  };
  postMessage(
    { latchkey: PROTOCOL_VERSION, connect: BRIDGE_CONNECT } satisfies BridgeConnect,
    location.origin,
    [port2],
  );
  const forget = (id: string): boolean => pending.delete(id);
  return {
    request: (method, params, timeout) =>
      callBroker(
        method,
        params,
        timeout,
        (request, id, reply) => {
          pending.set(id, (data) => (forget(id), reply(data)));
          port.postMessage(request);
        },
        forget,
      ),
    live: () => live,
    close: () => {
      live = false;
      port.close();
      pending.clear();
    },
  };
}
