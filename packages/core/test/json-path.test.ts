import { describe, expect, it } from 'vitest';

import { evaluateJsonPath, parseJsonPath } from '../src/config/json-path.js';
import { LatchkeyError, mapTokenResponse, readJsonPath } from '../src/index.js';

describe('JSON path subset (tokenResponse)', () => {
  it('parses dotted paths and JSONPath with $, dots, quoted brackets and indexes', () => {
    expect(parseJsonPath('authed_user.access_token')).toEqual([
      { name: 'authed_user' },
      { name: 'access_token' },
    ]);
    expect(parseJsonPath('$.data.tokens[0].access_token')).toEqual([
      { name: 'data' },
      { name: 'tokens' },
      { index: 0 },
      { name: 'access_token' },
    ]);
    expect(parseJsonPath(`$['odd name']["it's"][12]`)).toEqual([
      { name: 'odd name' },
      { name: "it's" },
      { index: 12 },
    ]);
    expect(parseJsonPath(`$['a\\'b\\\\c']`)).toEqual([{ name: "a'b\\c" }]);
    expect(parseJsonPath('data[1]')).toEqual([{ name: 'data' }, { index: 1 }]);
    expect(parseJsonPath('$x.y')).toEqual([{ name: '$x' }, { name: 'y' }]);
  });

  it('refuses everything outside the subset with config_invalid, never evaluating it', () => {
    for (const bad of [
      '',
      '$',
      'a..b',
      '.a',
      'a.',
      '$..a',
      '$.*',
      '$[*]',
      '$[-1]',
      '$[01]',
      '$[1:2]',
      '$[?(@.x)]',
      '$.a[0',
      "$['a]",
      "$['']",
      "$['a\\n']",
      '$[constructor]',
      'a b',
      'a;process.exit()',
      '$.a[99999999]',
      'x'.repeat(300),
      Array(40).fill('a').join('.'),
    ]) {
      let error: unknown;
      try {
        parseJsonPath(bad);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(LatchkeyError);
      expect((error as LatchkeyError).code).toBe('config_invalid');
    }
  });

  it('reads own members of objects and elements of arrays only', () => {
    const json = {
      data: { tokens: [{ access_token: 'a' }, { access_token: 'b' }] },
      'odd name': 1,
    };
    expect(readJsonPath(json, '$.data.tokens[1].access_token')).toBe('b');
    expect(readJsonPath(json, "$['odd name']")).toBe(1);
    expect(readJsonPath(json, '$.data.tokens[2].access_token')).toBeUndefined();
    expect(readJsonPath(json, '$.data[0]')).toBeUndefined();
    expect(readJsonPath(json, '$.data.tokens.length')).toBeUndefined();
    expect(readJsonPath({}, '$.constructor')).toBeUndefined();
    expect(readJsonPath({ a: 'str' }, 'a[0]')).toBeUndefined();
    expect(
      evaluateJsonPath(JSON.parse('{"__proto__":{"x":1}}'), [{ name: '__proto__' }, { name: 'x' }]),
    ).toBe(1);
  });

  it('maps a Capacity-style response ($.data.tokens[0].access_token)', () => {
    const raw = {
      data: { tokens: [{ access_token: 'cap-1', refresh_token: 'r', expires_in: 60 }] },
    };
    expect(
      mapTokenResponse(raw, {
        accessToken: '$.data.tokens[0].access_token',
        refreshToken: '$.data.tokens[0].refresh_token',
        expiresIn: "$['data'].tokens[0]['expires_in']",
      }),
    ).toMatchObject({
      access_token: 'cap-1',
      refresh_token: 'r',
      expires_in: 60,
      token_type: 'Bearer',
    });
  });

  it('refuses a response nested thousands deep as invalid_response, without recursion', () => {
    const deep = JSON.parse(`{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(() => mapTokenResponse(deep, { accessToken: '$.data[0]' })).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
    const deepArray = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => mapTokenResponse(deepArray, { accessToken: 'a' })).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
    // A response of ordinary depth is reshaped.
    expect(
      mapTokenResponse({ a: { b: [[['t']]] } }, { accessToken: 'a.b[0][0][0]' }),
    ).toMatchObject({
      access_token: 't',
    });
  });
});
