import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  LatchkeyError,
  PROVIDER_FIELDS,
  validateProviderConfig,
  validateProviderConfigs,
} from '../src/index.js';

/** Whatever happens, the outcome is a config or a config_invalid LatchkeyError. */
function outcome(config: unknown): 'ok' | 'refused' {
  try {
    validateProviderConfig(config);
    return 'ok';
  } catch (err) {
    if (!(err instanceof LatchkeyError) || err.code !== 'config_invalid') {
      throw new Error(`not config_invalid: ${String(err)}`, { cause: err });
    }
    return 'refused';
  }
}

const names = PROVIDER_FIELDS.map((f) => f.name);
const base = { id: 'acme', clientId: 'abc', issuer: 'https://auth.acme.example' };

/** Values no JSON holds but a caller can pass. */
const hostile = fc.constantFrom<unknown>(
  undefined,
  10n,
  Symbol('s'),
  () => 1,
  NaN,
  -0,
  Infinity,
  new Date(0),
  /re/,
  new Map([['a', 1]]),
  Object.create(null),
  [{ toString: 0 }],
  { toString: 0, valueOf: 0 },
  { toString: () => 'https://a.example' },
  {
    [Symbol.toPrimitive]: () => {
      throw new Error('boom');
    },
  },
  Object.defineProperty({}, 'name', {
    enumerable: true,
    get: () => {
      throw new Error('getter');
    },
  }),
  [, 'sparse'],
  new Array(5),
  JSON.parse('{"__proto__":{"polluted":true}}'),
  'x'.repeat(100_000),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: hostile },
  fc.array(fc.oneof(fc.string(), hostile), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.oneof(fc.string(), hostile), { maxKeys: 4 }),
  fc.constantFrom(
    'https://ok.example/x',
    'http://127.0.0.1:9/x',
    '{{client_secret}}',
    'openid profile',
    '$.data.tokens[0].access_token',
    'data:image/png;base64,AAAA',
    'javascript:alert(1)',
  ),
);

describe('validateProviderConfig on any input', () => {
  it('refuses known-bad shapes with config_invalid', () => {
    for (const config of [
      { ...base, redirectUri: [{ toString: 0 }] },
      { ...base, grantTypes: undefined },
      { ...base, grant_types: [10n] },
      { ...base, codeChallengeMethod: 10n },
      { ...base, codeChallengeMethod: Symbol('S256') },
      { ...base, scopes: [Symbol('openid')] },
      { ...base, tokenResponse: { accessToken: Symbol('x') } },
      Object.defineProperty({ ...base }, 'clientId', {
        enumerable: true,
        get: () => {
          throw new TypeError('getter');
        },
      }),
      { ...base, [Symbol('k')]: 1, name: Symbol('n') },
      10n,
      Symbol('config'),
    ]) {
      expect(outcome(config)).toBe('refused');
    }
    expect(() => validateProviderConfigs([base, 10n])).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    expect(() => validateProviderConfigs([, base])).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
  });

  it('never throws anything but config_invalid (fuzzed, bounded)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          value,
          fc
            .dictionary(fc.constantFrom(...names), value, { maxKeys: 6 })
            .map((fields) => ({ ...base, ...fields })),
          fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string()), value, { maxKeys: 6 }),
        ),
        (config) => {
          outcome(config);
        },
      ),
      { numRuns: 200 },
    );
  });
});
