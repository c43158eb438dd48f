import { createPrivateKey, randomBytes, sign, type JsonWebKey } from 'node:crypto';

import { signingKeys } from '../signing-keys.js';

async function es256Key(): Promise<JsonWebKey> {
  const { keys } = await signingKeys();
  const key = keys.find((k) => k.alg === 'ES256');
  if (!key) throw new Error('no ES256 signing key');
  return key;
}

/** The ES256 public key as a JWK Set (no private parts). @see RFC 7517 §5 */
export async function publicJwks(): Promise<{ keys: JsonWebKey[] }> {
  const { d: _d, ...pub } = await es256Key();
  return { keys: [pub] };
}

/**
 * A compact JWS of `claims` signed with ES256 (P-256, SHA-256, the signature as R‖S).
 * @see RFC 7515 §7.1, RFC 7518 §3.4
 */
export async function signEs256(claims: Record<string, unknown>): Promise<string> {
  const jwk = await es256Key();
  const header = { alg: 'ES256', kid: jwk.kid, typ: 'JWT' };
  const input = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** A random JWT id. */
export const jti = (prefix: string) => `${prefix}.${randomBytes(15).toString('base64url')}`;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
