import { BRIDGE_CONNECT, PROTOCOL_VERSION } from '@latchkey/core/base';
import type { BridgeConnect } from '@latchkey/core';
import { callBroker, isBrokerEvent, isBrokerResponse } from './envelope.js';
import type { EventSink, Transport } from './transport.js';

/**
 * Talks to the broker through the extension's content script: a `MessageChannel` port is handed to
 * it once, posted on this window with this page's exact origin as target; requests, replies and the
 * broker's pushes then travel on that port only, out of reach of the page's other scripts' and other
 * extensions' window listeners. Without the content script nothing answers, and `hello` times out.
 * @see https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging
 */
export function bridgeTransport(sink: EventSink): Transport {
  const pending = new Map<string, (data: unknown) => void>();
  const { port1: port, port2 } = new MessageChannel();
  port.onmessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (isBrokerResponse(data)) pending.get(data.id)?.(data);
    else if (isBrokerEvent(data)) sink(data);
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
    // The content script's own port may drop (worker stopped) without the page hearing of it, so a
    // push could be missed: through the bridge, nothing is served from memory.
    live: () => false,
    close: () => {
      port.close();
      pending.clear();
    },
  };
}
