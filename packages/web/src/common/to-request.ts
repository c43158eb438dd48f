import { LatchkeyError } from '@latchkey/core/base';

/**
 * `new Request(input, init)`, with what the platform refuses (a URL with credentials, a body on a
 * GET, a forbidden method) as `invalid_request` rather than a bare `TypeError`: every error of
 * `latchkey.fetch` is a {@link LatchkeyError}, in both modes.
 * @see https://fetch.spec.whatwg.org/#dom-request
 */
export function toRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  try {
    return new Request(input, init);
  } catch (cause) {
    throw new LatchkeyError('invalid_request', String(cause), { cause });
  }
}
