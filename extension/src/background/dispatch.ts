import {
  LatchkeyError,
  errorReply,
  isLatchkeyError,
  okReply,
  parseBrokerRequest,
  readRequestId,
} from '@latchkey/core';
import type { BrokerMethod, BrokerResponse, BrokerResult, LatchkeyErrorData } from '@latchkey/core';
import {
  INTERNAL_CHANNEL,
  type InternalMethod,
  type InternalResponse,
} from '../common/internal-protocol.js';
import { liveContext, type BrokerContext } from './broker-context.js';
import { appendLog } from './event-log.js';
import { internalHandlers } from './internal-api.js';
import { notificationsSent } from './notify.js';
import { pageHandlers } from './page-api.js';
import { senderOrigin } from './sender-origin.js';
import { browser, type MessageSender } from '../platform/index.js';

/** Errors cross the boundary as data (CONTRIBUTING.md, "Errors"); anything unexpected is not described to a page. */
export function errorData(error: unknown): LatchkeyErrorData {
  if (isLatchkeyError(error)) return error.toJSON();
  console.error('latchkey: unexpected error', error);
  return { code: 'internal_error', message: 'The broker failed unexpectedly' };
}

/**
 * Answers one message from a web page (`onMessageExternal`) or a bridge content script (`onMessage`):
 * origin from the browser's `sender` first, then the message's shape and size, then the handler.
 */
export async function handlePageMessage(
  message: unknown,
  sender: MessageSender,
): Promise<BrokerResponse> {
  const started = performance.now();
  const id = readRequestId(message) ?? '';
  let method: string | undefined;
  let provider: string | undefined;
  let origin: string | undefined;
  let reply: BrokerResponse;
  try {
    origin = senderOrigin(sender);
    const request = parseBrokerRequest(message);
    if (request instanceof LatchkeyError) throw request;
    method = request.method;
    provider = 'provider' in request.params ? request.params.provider : undefined;
    const handler = pageHandlers[request.method] as (
      p: unknown,
      c: { origin: string; ctx: BrokerContext },
    ) => Promise<unknown>;
    const result = await handler(request.params, { origin, ctx: liveContext });
    reply = okReply(id, result as BrokerResult<BrokerMethod>);
  } catch (error) {
    reply = errorReply(id, errorData(error));
  }
  if (method !== 'hello') {
    appendLog({
      at: Date.now(),
      type: 'page_request',
      ...(method ? { method } : {}),
      ...(provider ? { provider } : {}),
      ...(origin ? { origin } : {}),
      ok: reply.ok,
      ...(reply.ok ? {} : { code: reply.error.code }),
      durationMs: Math.round(performance.now() - started),
    });
  }
  await notificationsSent(); // the pages' cached tokens are dropped before this caller hears back
  return reply;
}

/** Whether `sender` is one of this extension's own pages (not a content script, not a site). */
export function isExtensionPage(sender: MessageSender): boolean {
  const base = browser.runtime.getURL('');
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(base) &&
    (sender.origin === undefined || `${sender.origin}/` === base)
  );
}

/** Answers the internal protocol of the extension's own pages. */
export async function handleInternalMessage(message: {
  method?: unknown;
  params?: unknown;
}): Promise<InternalResponse> {
  try {
    const method = message.method;
    if (typeof method !== 'string' || !Object.hasOwn(internalHandlers, method)) {
      throw new LatchkeyError('unsupported', `Unknown internal method ${String(method)}`);
    }
    const params = message.params ?? {};
    if (typeof params !== 'object' || params === null) {
      throw new LatchkeyError('invalid_request', 'params must be an object');
    }
    const handler = internalHandlers[method as InternalMethod] as (p: unknown) => Promise<unknown>;
    const result = await handler(params);
    await notificationsSent(); // the pages' cached tokens are dropped before this caller hears back
    return { ok: true, result } as InternalResponse;
  } catch (error) {
    await notificationsSent();
    return { ok: false, error: errorData(error) };
  }
}

export function isInternalMessage(
  message: unknown,
): message is { channel: string; method?: unknown; params?: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { channel?: unknown }).channel === INTERNAL_CHANNEL
  );
}
