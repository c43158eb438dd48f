import { decodeBase64UrlText } from './base64url.js';
import { isValidTime } from './relative-time.js';

export type JsonObject = Record<string, unknown>;

/**
 * What a token turned out to be. Only the structure is decoded: the signature is NOT verified
 * (this is an inspector, and the token's audience verifies it).
 */
export type DecodedToken =
  | { kind: 'jws'; header: JsonObject; claims: JsonObject; signatureLength: number }
  | { kind: 'jwe'; header: JsonObject }
  | { kind: 'opaque'; length: number };

/** Decodes a JWT's three base64url parts; anything else is opaque. @see RFC 7519 §7.2 */
export function decodeJwt(token: string): DecodedToken {
  const opaque: DecodedToken = { kind: 'opaque', length: token.length };
  const parts = token.split('.');
  // A JWE compact serialisation has five parts (RFC 7516 §7.1): only its header is readable.
  if (parts.length === 5) {
    const header = parseJsonObject(parts[0]);
    return header !== undefined && typeof header.enc === 'string'
      ? { kind: 'jwe', header }
      : opaque;
  }
  if (parts.length !== 3) return opaque;
  const [h, p, s] = parts as [string, string, string];
  const header = parseJsonObject(h);
  const claims = parseJsonObject(p);
  if (header === undefined || claims === undefined || typeof header.alg !== 'string') return opaque;
  return { kind: 'jws', header, claims, signatureLength: s.length };
}

function parseJsonObject(part: string | undefined): JsonObject | undefined {
  if (part === undefined || part === '') return undefined;
  const text = decodeBase64UrlText(part);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

export type TimeClaim = 'exp' | 'nbf' | 'iat';

export interface ClaimProblem {
  claim: TimeClaim | 'aud' | 'iss';
  kind:
    'expired' | 'not_yet_valid' | 'issued_in_future' | 'not_a_number' | 'out_of_range' | 'missing';
  message: string;
}

/** Seconds of clock skew tolerated before a time claim is flagged. */
export const DEFAULT_CLOCK_SKEW_S = 30;

/**
 * Checks `exp`, `nbf` and `iat` against `nowMs`, and notes a missing `iss`/`aud`/`exp`. The
 * claims are untrusted: a time claim that is no number, or a number beyond any date, is a problem
 * of its own and never throws.
 * @see RFC 7519 §4.1.4 (exp), §4.1.5 (nbf), §4.1.6 (iat)
 */
export function checkClaims(
  claims: JsonObject,
  nowMs: number,
  skewS: number = DEFAULT_CLOCK_SKEW_S,
): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  const now = nowMs / 1000;
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = claims[claim];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ claim, kind: 'not_a_number', message: `${claim} is not a NumericDate` });
    } else if (!isValidTime(value * 1000)) {
      // e.g. 1e306: a number, but no date (it would overflow every date formatter).
      problems.push({ claim, kind: 'out_of_range', message: `${claim} is beyond any date` });
    }
  }
  const { exp, nbf, iat } = claims;
  if (typeof exp === 'number' && exp <= now - skewS) {
    problems.push({ claim: 'exp', kind: 'expired', message: 'Expired' });
  }
  if (typeof nbf === 'number' && nbf > now + skewS) {
    problems.push({ claim: 'nbf', kind: 'not_yet_valid', message: 'Not valid yet' });
  }
  if (typeof iat === 'number' && iat > now + skewS) {
    problems.push({ claim: 'iat', kind: 'issued_in_future', message: 'Issued in the future' });
  }
  if (exp === undefined) problems.push({ claim: 'exp', kind: 'missing', message: 'No expiry' });
  if (claims.iss === undefined)
    problems.push({ claim: 'iss', kind: 'missing', message: 'No issuer' });
  if (claims.aud === undefined)
    problems.push({ claim: 'aud', kind: 'missing', message: 'No audience' });
  return problems;
}

/** `aud` as a list, whether the token carries a string or an array (RFC 7519 §4.1.3). */
export function audiences(claims: JsonObject): string[] {
  const { aud } = claims;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/** The value of an `Authorization: Bearer <token>` header, or `undefined`. @see RFC 6750 §2.1 */
export function bearerToken(authorization: string): string | undefined {
  const match = /^\s*Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(authorization);
  return match?.[1];
}
