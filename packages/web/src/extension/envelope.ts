import { BROKER_EVENTS, LatchkeyError, PROTOCOL_VERSION } from '@latchkey/core/base';
import type {
  BrokerEvent,
  BrokerMethod,
  BrokerParams,
  BrokerResponse,
  BrokerResult,
} from '@latchkey/core';
import { withTimeout } from '../common/timeout.js';

let counter = 0;
const prefix = Math.random().toString(36).slice(2);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Whether `data` has the shape of a reply (untrusted input: checked before use). */
export function isBrokerResponse(data: unknown): data is BrokerResponse {
  return (
    isRecord(data) &&
    data.latchkey === PROTOCOL_VERSION &&
    typeof data.id === 'string' &&
    (data.ok === true ? 'result' in data : data.ok === false && isRecord(data.error))
  );
}

/** Whether `data` is a push from the broker. */
export function isBrokerEvent(data: unknown): data is BrokerEvent {
  return (
    isRecord(data) &&
    data.latchkey === PROTOCOL_VERSION &&
    (BROKER_EVENTS as readonly unknown[]).includes(data.event) &&
    typeof data.provider === 'string'
  );
}

/**
 * Sends one `{ latchkey: 1, id, method, params }` request with `send`, which calls `reply` with
 * whatever came back (or with a {@link LatchkeyError} when the channel failed). The reply must be a well-formed envelope with the same id; an error in it is
 * rebuilt as a {@link LatchkeyError} with the broker's code (CONTRIBUTING.md, "Errors").
 */
export function callBroker<M extends BrokerMethod>(
  method: M,
  params: BrokerParams<M>,
  timeout: number,
  send: (request: object, id: string, reply: (data: unknown) => void) => void,
  onTimeout?: (id: string) => void,
): Promise<BrokerResult<M>> {
  const id = `${prefix}-${++counter}`;
  const reply = new Promise<BrokerResult<M>>((resolve, reject) => {
    try {
      send({ latchkey: PROTOCOL_VERSION, id, method, params }, id, (data) => {
        if (data instanceof LatchkeyError) reject(data);
        else if (!isBrokerResponse(data) || data.id !== id)
          reject(new LatchkeyError('invalid_response', `Bad reply to ${method}`));
        else if (data.ok) resolve(data.result as BrokerResult<M>);
        else reject(LatchkeyError.fromJSON(data.error));
      });
    } catch (cause) {
      reject(new LatchkeyError('unsupported', 'Extension unreachable', { cause }));
    }
  });
  return withTimeout(reply, timeout, method, onTimeout && (() => onTimeout(id)));
}
