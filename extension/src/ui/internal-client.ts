import { LatchkeyError } from '@latchkey/core';
import {
  INTERNAL_CHANNEL,
  type InternalMethod,
  type InternalParams,
  type InternalRequest,
  type InternalResult,
} from '../common/internal-protocol.js';
import { browser } from '../platform/index.js';

/** Sends one request to the broker and resolves with its raw (untrusted) reply. */
export type InternalTransport = (request: InternalRequest) => Promise<unknown>;

export interface InternalClient {
  call<M extends InternalMethod>(method: M, params: InternalParams<M>): Promise<InternalResult<M>>;
}

export interface InternalClientOptions {
  transport?: InternalTransport;
  /** Default timeout per call, in ms. */
  timeoutMs?: number;
  /** Per-method overrides: interactive calls wait for the user. */
  timeouts?: Partial<Record<InternalMethod, number>>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Interactive calls wait for a person; the broker's own flow timeout ends them first. */
export const INTERACTIVE_TIMEOUTS: Partial<Record<InternalMethod, number>> = {
  signIn: 10 * 60_000,
};

/** The transport of an extension page: `runtime.sendMessage` to the service worker. */
export const runtimeTransport: InternalTransport = (request) =>
  browser.runtime.sendMessage(request);

/**
 * A typed client for the internal protocol. Replies are checked for shape; errors arrive as data and
 * are rebuilt as {@link LatchkeyError}; every call has a timeout (`timeout`).
 */
export function createInternalClient(options: InternalClientOptions = {}): InternalClient {
  const transport = options.transport ?? runtimeTransport;
  const timeouts = { ...INTERACTIVE_TIMEOUTS, ...options.timeouts };
  return {
    async call(method, params) {
      const timeoutMs = timeouts[method] ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const request = { channel: INTERNAL_CHANNEL, method, params } as InternalRequest;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LatchkeyError('timeout', `${method}: no answer in ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        const reply = await Promise.race([sendSafely(transport, request), timeout]);
        return readReply(method, reply) as InternalResult<typeof method>;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function sendSafely(
  transport: InternalTransport,
  request: InternalRequest,
): Promise<unknown> {
  try {
    return await transport(request);
  } catch (cause) {
    // e.g. "Could not establish connection. Receiving end does not exist."
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new LatchkeyError('network_error', `The broker did not answer: ${message}`, { cause });
  }
}

function readReply(method: string, reply: unknown): unknown {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new LatchkeyError('invalid_response', `${method}: malformed reply from the broker`);
  }
  const r = reply as { ok: unknown; result?: unknown; error?: unknown };
  if (r.ok === true) return r.result;
  if (r.ok === false) throw LatchkeyError.fromJSON(r.error);
  throw new LatchkeyError('invalid_response', `${method}: malformed reply from the broker`);
}
