import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeBase64UrlText } from '../src/ui/base64url.js';
import { audiences, bearerToken, checkClaims, decodeJwt } from '../src/ui/jwt.js';

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwt = (header: unknown, claims: unknown, sig = 'c2lnbmF0dXJl') =>
  `${b64url(header)}.${b64url(claims)}.${sig}`;

describe('decodeBase64Url', () => {
  it('decodes unpadded base64url, including - and _', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
    const encoded = Buffer.from(bytes).toString('base64url');
    expect(encoded).toMatch(/[-_]/);
    expect(decodeBase64Url(encoded)).toEqual(bytes);
  });
  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(decodeBase64Url('ab+c')).toBeUndefined();
    expect(decodeBase64Url('abcde')).toBeUndefined();
  });
  it('decodes UTF-8 text and refuses invalid UTF-8', () => {
    expect(decodeBase64UrlText(b64url('Zoë ✓'))).toBe('Zoë ✓');
    expect(decodeBase64UrlText(Buffer.from([0xff, 0xfe]).toString('base64url'))).toBeUndefined();
  });
});

describe('decodeJwt', () => {
  it('decodes the header and claims of a JWS', () => {
    const claims = { sub: 'alice', aud: ['api', 'spa'], exp: 2_000_000_000, name: 'Ålice' };
    const decoded = decodeJwt(jwt({ alg: 'RS256', kid: 'k1' }, claims));
    expect(decoded).toEqual({
      kind: 'jws',
      header: { alg: 'RS256', kid: 'k1' },
      claims,
      signatureLength: 12,
    });
  });
  it('treats random strings, two-part strings and non-object payloads as opaque', () => {
    expect(decodeJwt('2YotnFZFEjr1zCsicMWpAA')).toEqual({ kind: 'opaque', length: 22 });
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${b64url({})}`).kind).toBe('opaque');
    expect(decodeJwt(jwt({ alg: 'RS256' }, [1, 2])).kind).toBe('opaque');
    expect(decodeJwt(jwt({ alg: 'RS256' }, 'not json')).kind).toBe('opaque');
    expect(decodeJwt(jwt({ typ: 'JWT' }, { sub: 'x' })).kind).toBe('opaque');
    expect(decodeJwt('a.b.c').kind).toBe('opaque');
  });
  it('recognises a JWE by its header and reads nothing else', () => {
    const token = `${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.key.iv.cipher.tag`;
    expect(decodeJwt(token)).toEqual({ kind: 'jwe', header: { alg: 'RSA-OAEP', enc: 'A256GCM' } });
  });
});

describe('checkClaims', () => {
  const now = 1_700_000_000_000;
  const s = now / 1000;
  const base = { iss: 'https://idp', aud: 'api' };
  const kinds = (claims: Record<string, unknown>) => checkClaims(claims, now).map((p) => p.kind);

  it('finds nothing wrong with a current token', () => {
    expect(checkClaims({ ...base, exp: s + 600, nbf: s - 10, iat: s - 10 }, now)).toEqual([]);
  });
  it('flags an expired token, a token not valid yet and one issued in the future', () => {
    expect(kinds({ ...base, exp: s - 120 })).toEqual(['expired']);
    expect(kinds({ ...base, exp: s + 600, nbf: s + 120 })).toEqual(['not_yet_valid']);
    expect(kinds({ ...base, exp: s + 600, iat: s + 120 })).toEqual(['issued_in_future']);
  });
  it('tolerates clock skew within the allowance', () => {
    expect(kinds({ ...base, exp: s - 5, iat: s + 5 })).toEqual([]);
    expect(checkClaims({ ...base, exp: s - 5 }, now, 0).map((p) => p.kind)).toEqual(['expired']);
  });
  it('flags non-numeric times and missing exp, iss and aud', () => {
    expect(kinds({ ...base, exp: '2030-01-01' })).toEqual(['not_a_number']);
    expect(checkClaims({}, now).map((p) => `${p.claim}:${p.kind}`)).toEqual([
      'exp:missing',
      'iss:missing',
      'aud:missing',
    ]);
  });
});

describe('audiences and bearerToken', () => {
  it('reads aud as a string or a list', () => {
    expect(audiences({ aud: 'api' })).toEqual(['api']);
    expect(audiences({ aud: ['a', 7, 'b'] })).toEqual(['a', 'b']);
    expect(audiences({})).toEqual([]);
  });
  it('extracts a bearer token case-insensitively and refuses other schemes', () => {
    expect(bearerToken('Bearer abc.def-_~+/=')).toBe('abc.def-_~+/=');
    expect(bearerToken('bearer   xyz')).toBe('xyz');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer two words')).toBeUndefined();
  });
});
