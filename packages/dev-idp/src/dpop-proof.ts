import { createHash, createPublicKey, constants, verify, type JsonWebKey } from 'node:crypto';

/** Signature algorithms the demo API accepts in a DPoP proof. */
export const DPOP_ALGS = ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA', 'Ed25519'] as const;

const MAX_AGE_S = 300;

export interface DpopCheck {
  /** The request's method and URL without query and fragment (`htm`, `htu`). */
  method: string;
  url: string;
  /** The access token the proof comes with (`ath`). */
  accessToken: string;
  /** JWK SHA-256 thumbprint the token is bound to (`cnf.jkt`). */
  jkt: string;
  /** Proof ids seen recently, to refuse a replay. */
  seenJti: Map<string, number>;
}

/**
 * Checks a DPoP proof sent to a resource server with a DPoP-bound access token; returns an error
 * description, or undefined when the proof is good.
 * @see RFC 9449 §4.3 (checking proofs), §7.1 (`ath`, `cnf.jkt` at the resource server)
 */
export function checkDpopProof(proof: string, check: DpopCheck): string | undefined {
  const parts = proof.split('.');
  if (parts.length !== 3) return 'the DPoP proof is not a compact JWS';
  const [h, p, sig] = parts as [string, string, string];
  let header: { typ?: unknown; alg?: unknown; jwk?: JsonWebKey & { d?: unknown } };
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof payload;
  } catch {
    return 'the DPoP proof is not JSON';
  }
  if (header.typ !== 'dpop+jwt') return 'typ must be dpop+jwt';
  const alg = header.alg;
  if (typeof alg !== 'string' || !(DPOP_ALGS as readonly string[]).includes(alg))
    return 'unsupported alg';
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk) return 'jwk must be a public key';
  let valid = false;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const data = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, 'base64url');
    if (alg.startsWith('ES'))
      valid = verify(`sha${alg.slice(2)}`, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    else if (alg === 'PS256')
      valid = verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        signature,
      );
    else if (alg === 'RS256') valid = verify('sha256', data, key, signature);
    else valid = verify(null, data, key, signature);
  } catch {
    return 'the DPoP proof key or signature is malformed';
  }
  if (!valid) return 'the DPoP proof signature is invalid';
  if (payload.htm !== check.method) return 'htm does not match the request';
  if (typeof payload.htu !== 'string' || stripUrl(payload.htu) !== stripUrl(check.url))
    return 'htu does not match the request';
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > MAX_AGE_S)
    return 'iat is missing or too far from now';
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) return 'jti is missing';
  for (const [jti, at] of check.seenJti) if (at < now - MAX_AGE_S) check.seenJti.delete(jti);
  if (check.seenJti.has(payload.jti)) return 'the DPoP proof was replayed';
  check.seenJti.set(payload.jti, now);
  const ath = createHash('sha256').update(check.accessToken).digest('base64url');
  if (payload.ath !== ath) return 'ath does not match the access token';
  if (jwkThumbprint(jwk) !== check.jkt) return 'the proof key is not the one the token is bound to';
  return undefined;
}

/** @see RFC 7638 §3 (JWK thumbprint: required members in lexicographic order) */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : jwk.kty === 'RSA'
        ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function stripUrl(url: string): string {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.origin}${parsed.pathname}` : '';
}
