/** Version of the page ↔ extension protocol; a message with another version is refused. */
export const PROTOCOL_VERSION = 1;
/**
 * Names of the long-lived `runtime.connect` ports that carry the broker's pushes ({@link BrokerEvent}):
 * `events` from a page in `externally_connectable`, `bridge` from the content-script bridge.
 */
export const PORT_NAMES = { events: 'latchkey-events', bridge: 'latchkey-bridge' };
/** The broker's pushes, by `event` name. */
export const BROKER_EVENTS = ['tokenChanged', 'signedOut', 'grantRevoked'];
/**
 * How a page reaches the content-script bridge: it posts `{ latchkey, connect: BRIDGE_CONNECT }` on
 * its own window (exact target origin) with one `MessagePort` transferred; requests go over that
 * port and the bridge answers, and relays the broker's pushes, on that port only — never on the
 * window, where every script and content script of the page could read them.
 * @see https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging
 */
export const BRIDGE_CONNECT = 'latchkey-bridge';
/** The error reply `{ latchkey, id, ok: false, error: { code, message } }` to request `id`. */
export function errorReply(id, code, message) {
    return { latchkey: PROTOCOL_VERSION, id, ok: false, error: { code, message } };
}
