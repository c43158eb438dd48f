import { BROKER_EVENTS, LatchkeyError, PROTOCOL_VERSION } from '@latchkey/core';
import { withTimeout } from '../shared/timeout.js';
let counter = 0;
const prefix = Math.random().toString(36).slice(2);
const isRecord = (v) => typeof v === 'object' && v !== null;
/** Whether `data` has the shape of a reply (untrusted input: checked before use). */
export function isBrokerResponse(data) {
    return (isRecord(data) &&
        data.latchkey === PROTOCOL_VERSION &&
        typeof data.id === 'string' &&
        (data.ok === true ? 'result' in data : data.ok === false && isRecord(data.error)));
}
/** Whether `data` is a push from the broker. */
export function isBrokerEvent(data) {
    return (isRecord(data) &&
        data.latchkey === PROTOCOL_VERSION &&
        BROKER_EVENTS.includes(data.event) &&
        typeof data.provider === 'string');
}
/**
 * Sends one `{ latchkey: 1, id, method, params }` request with `send`, which calls `reply` with
 * whatever came back (or with a {@link LatchkeyError} when the channel failed). The reply must be a well-formed envelope with the same id; an error in it is
 * rebuilt as a {@link LatchkeyError} with the broker's code (STYLE.md §4).
 */
export function callBroker(method, params, timeout, send, onTimeout) {
    const id = `${prefix}-${++counter}`;
    const reply = new Promise((resolve, reject) => {
        try {
            send({ latchkey: PROTOCOL_VERSION, id, method, params }, id, (data) => {
                if (data instanceof LatchkeyError)
                    reject(data);
                else if (!isBrokerResponse(data) || data.id !== id)
                    reject(new LatchkeyError('invalid_response', `Bad reply to ${method}`));
                else if (data.ok)
                    resolve(data.result);
                else
                    reject(LatchkeyError.fromJSON(data.error));
            });
        }
        catch (cause) {
            reject(new LatchkeyError('unsupported', 'Extension unreachable', { cause }));
        }
    });
    return withTimeout(reply, timeout, method, onTimeout && (() => onTimeout(id)));
}
