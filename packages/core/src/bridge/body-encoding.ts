/**
 * Fetch bodies cross the page ↔ extension boundary as JSON text. Text bodies go as they are; any
 * other bytes go as standard base64 (`bodyEncoding: 'base64'`), so that a body survives byte for
 * byte, 0x00 and 0xFF included.
 * @see RFC 4648 §4 (base64, with padding)
 */
export type BodyEncoding = 'base64';

/** Canonical, padded RFC 4648 §4 base64 (what {@link bytesToBase64} writes). */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const CHUNK = 0x8000;

/** `bytes` as padded standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The bytes of padded standard base64 `text` (checked by the caller against {@link BASE64}). */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
