/**
 * Decodes base64url without padding into bytes. Returns `undefined` for anything that is not
 * base64url, so callers can tell an opaque token from a JWS.
 * @see RFC 4648 §5
 */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(input) || input.length % 4 === 1) return undefined;
  const base64 = input.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes base64url into UTF-8 text; `undefined` when it is not base64url or not valid UTF-8. */
export function decodeBase64UrlText(input: string): string | undefined {
  const bytes = decodeBase64Url(input);
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
