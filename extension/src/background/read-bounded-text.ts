import { LatchkeyError } from '@latchkey/core';

/**
 * The body of `response` as UTF-8 text (as `Response.text()`), reading at most `maxBytes`: a body
 * announced or found to be longer is cancelled and refused with `invalid_response`, so that a
 * resource server cannot make the worker buffer an unbounded response.
 * @see https://fetch.spec.whatwg.org/#concept-body-consume-body
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new LatchkeyError('invalid_response', `The response exceeds ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    // Content-Length may be absent or lie (chunked encoding): the count is what holds.
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}
