import { LatchkeyError } from '@latchkey/core';

/**
 * The body of `response` as bytes (as `Response.arrayBuffer()`), reading at most `maxBytes`: a
 * body announced or found to be longer is cancelled and refused with `invalid_response`, so that a
 * resource server cannot make the worker buffer an unbounded response.
 * @see https://fetch.spec.whatwg.org/#concept-body-consume-body
 */
export async function readBoundedBytes(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new LatchkeyError('invalid_response', `The response exceeds ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    // Content-Length may be absent or lie (chunked encoding): the count is what holds.
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
