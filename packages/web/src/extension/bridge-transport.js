import { callBroker, isBrokerEvent, isBrokerResponse } from './envelope.js';
/**
 * Talks to the broker through the extension's content script: requests and replies are posted on this
 * window with this page's exact origin as target. Only messages from this very window and origin are
 * read (the content script shares the window); anything else is ignored.
 */
export function bridgeTransport(sink) {
    const pending = new Map();
    const onMessage = (event) => {
        if (event.source !== window || event.origin !== location.origin)
            return;
        const data = event.data;
        if (isBrokerResponse(data))
            pending.get(data.id)?.(data);
        else if (isBrokerEvent(data))
            sink(data);
    };
    addEventListener('message', onMessage);
    const forget = (id) => pending.delete(id);
    return {
        request: (method, params, timeout) => callBroker(method, params, timeout, (request, id, reply) => {
            pending.set(id, (data) => (forget(id), reply(data)));
            postMessage(request, location.origin);
        }, forget),
        // The content script's own port may drop (worker stopped) without the page hearing of it, so a
        // push could be missed: through the bridge, nothing is served from memory.
        live: () => false,
        close: () => {
            removeEventListener('message', onMessage);
            pending.clear();
        },
    };
}
