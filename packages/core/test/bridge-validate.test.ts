import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../src/errors.js';
import { parseBrokerRequest, readRequestId } from '../src/bridge/validate.js';
import { base64ToBytes, bytesToBase64 } from '../src/bridge/body-encoding.js';
import {
  MAX_FETCH_BODY_BYTES,
  MAX_FETCH_BODY_CHARS,
  MAX_REQUEST_CHARS,
} from '../src/bridge/limits.js';

const req = (method: string, params?: unknown, extra: Record<string, unknown> = {}) => ({
  latchkey: 1,
  id: 'r-1',
  method,
  ...(params === undefined ? {} : { params }),
  ...extra,
});

const code = (data: unknown) => {
  const r = parseBrokerRequest(data);
  return r instanceof LatchkeyError ? r.code : 'ok';
};

describe('parseBrokerRequest', () => {
  it('accepts every method with valid params and copies only known keys', () => {
    expect(parseBrokerRequest(req('hello'))).toEqual({
      latchkey: 1,
      id: 'r-1',
      method: 'hello',
      params: {},
    });
    const r = parseBrokerRequest(
      req('getToken', {
        provider: 'dev',
        scopes: ['openid', 'api', 'openid'],
        minValidity: 60,
        origin: 'https://evil.example',
      }),
    );
    expect(r).toEqual({
      latchkey: 1,
      id: 'r-1',
      method: 'getToken',
      params: { provider: 'dev', scopes: ['openid', 'api'], minValidity: 60 },
    });
    expect(
      code(req('signIn', { provider: 'dev', prompt: 'login consent', loginHint: 'a@b' })),
    ).toBe('ok');
    expect(code(req('signOut', { provider: 'dev' }))).toBe('ok');
    expect(code(req('userinfo', { provider: 'dev' }))).toBe('ok');
    expect(code(req('providers', {}))).toBe('ok');
  });

  it('refuses non-objects, wrong versions, unknown methods and missing ids', () => {
    expect(code(null)).toBe('invalid_request');
    expect(code('hello')).toBe('invalid_request');
    expect(code([req('hello')])).toBe('invalid_request');
    expect(code({ ...req('hello'), latchkey: 2 })).toBe('unsupported');
    expect(code(req('refreshToken', {}))).toBe('unsupported');
    expect(code(req('__proto__', {}))).toBe('unsupported');
    expect(code(req('toString', {}))).toBe('unsupported');
    expect(code({ latchkey: 1, method: 'hello' })).toBe('invalid_request');
    expect(code({ latchkey: 1, id: 'a b', method: 'hello' })).toBe('invalid_request');
    expect(code({ latchkey: 1, id: 'x'.repeat(200), method: 'hello' })).toBe('invalid_request');
  });

  it('refuses oversized and unserialisable messages', () => {
    expect(code(req('getToken', { provider: 'dev', pad: 'x'.repeat(MAX_REQUEST_CHARS) }))).toBe(
      'invalid_request',
    );
    const cyclic: Record<string, unknown> = req('hello', {});
    cyclic.self = cyclic;
    expect(code(cyclic)).toBe('invalid_request');
  });

  it('checks provider ids, scopes and minValidity', () => {
    expect(code(req('getToken', {}))).toBe('invalid_request');
    expect(code(req('getToken', { provider: '../x' }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'a'.repeat(65) }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'dev', scopes: 'openid' }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'dev', scopes: ['open id'] }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'dev', scopes: ['a"b'] }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'dev', scopes: Array(65).fill('s') }))).toBe(
      'invalid_request',
    );
    expect(code(req('getToken', { provider: 'dev', minValidity: -1 }))).toBe('invalid_request');
    expect(code(req('getToken', { provider: 'dev', minValidity: Infinity }))).toBe(
      'invalid_request',
    );
    expect(code(req('getToken', { provider: 'dev', minValidity: '5' }))).toBe('invalid_request');
    expect(code(req('signIn', { provider: 'dev', prompt: 'login\nx' }))).toBe('invalid_request');
    expect(code(req('signIn', { provider: 'dev', loginHint: 'a\u0000' }))).toBe('invalid_request');
  });

  it('checks fetch body encodings: base64 is canonical and round-trips every byte', () => {
    const bytes = new Uint8Array(256 * 3 + 1).map((_, i) => i % 256);
    const body = bytesToBase64(bytes);
    const fetch = (p: Record<string, unknown>) =>
      req('fetch', { provider: 'dev', url: 'https://api.example/', method: 'POST', ...p });
    const r = parseBrokerRequest(
      fetch({ body, bodyEncoding: 'base64', responseEncoding: 'base64' }),
    );
    expect(r).toMatchObject({
      params: { body, bodyEncoding: 'base64', responseEncoding: 'base64' },
    });
    expect([...base64ToBytes(body)]).toEqual([...bytes]);
    for (const bad of ['abc', 'ab=c', 'YQ', 'YQ==YQ==', 'Y Q==', 'YQ-_']) {
      expect(code(fetch({ body: bad, bodyEncoding: 'base64' }))).toBe('invalid_request');
    }
    expect(code(fetch({ bodyEncoding: 'base64' }))).toBe('invalid_request');
    expect(code(fetch({ body: 'YQ==', bodyEncoding: 'hex' }))).toBe('invalid_request');
    expect(code(fetch({ responseEncoding: 'utf-16' }))).toBe('invalid_request');
    const max = 'A'.repeat(MAX_FETCH_BODY_CHARS);
    expect(code(fetch({ body: max, bodyEncoding: 'base64' }))).toBe('ok');
    expect(base64ToBytes(max).length).toBe(MAX_FETCH_BODY_BYTES);
    expect(code(fetch({ body: `${max}AAAA`, bodyEncoding: 'base64' }))).toBe('invalid_request');
  });

  it('checks fetch: absolute http(s) URL, method token, header pairs, no broker-owned headers', () => {
    const ok = parseBrokerRequest(
      req('fetch', {
        provider: 'dev',
        url: 'https://api.example/me',
        method: 'post',
        headers: [['Content-Type', 'application/json']],
        body: '{}',
      }),
    );
    expect(ok).not.toBeInstanceOf(LatchkeyError);
    expect((ok as { params: { method: string } }).params.method).toBe('POST');
    expect(code(req('fetch', { provider: 'dev', url: '/relative' }))).toBe('invalid_request');
    expect(code(req('fetch', { provider: 'dev', url: 'file:///etc/passwd' }))).toBe(
      'invalid_request',
    );
    expect(code(req('fetch', { provider: 'dev', url: 'https://u:p@api.example/' }))).toBe(
      'invalid_request',
    );
    expect(
      code(req('fetch', { provider: 'dev', url: 'https://api.example/', method: 'TRACE' })),
    ).toBe('invalid_request');
    expect(
      code(req('fetch', { provider: 'dev', url: 'https://api.example/', method: 'GET /x' })),
    ).toBe('invalid_request');
    expect(
      code(
        req('fetch', {
          provider: 'dev',
          url: 'https://api.example/',
          headers: [['Authorization', 'Bearer x']],
        }),
      ),
    ).toBe('invalid_request');
    expect(
      code(
        req('fetch', {
          provider: 'dev',
          url: 'https://api.example/',
          headers: [['X-A', 'a\r\nB: c']],
        }),
      ),
    ).toBe('invalid_request');
    expect(
      code(req('fetch', { provider: 'dev', url: 'https://api.example/', headers: { 'X-A': 'a' } })),
    ).toBe('invalid_request');
    expect(code(req('fetch', { provider: 'dev', url: 'https://api.example/', body: 42 }))).toBe(
      'invalid_request',
    );
  });
});

describe('readRequestId', () => {
  it('reads a usable id only', () => {
    expect(readRequestId({ id: 'abc-1' })).toBe('abc-1');
    expect(readRequestId({ id: 1 })).toBeUndefined();
    expect(readRequestId(undefined)).toBeUndefined();
  });
});
