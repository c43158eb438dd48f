import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../src/errors.js';
import { isRequestShaped, parseBrokerRequest, readRequestId } from '../src/bridge/validate.js';
import type { BrokerMethod } from '../src/bridge/protocol.js';

const METHODS: BrokerMethod[] = [
  'accounts',
  'hello',
  'providers',
  'getToken',
  'signIn',
  'signOut',
  'userinfo',
  'fetch',
];
const REFUSALS = ['invalid_request', 'unsupported'];

/**
 * What every call must satisfy: a clean request (that parses to itself again) or a LatchkeyError
 * with a refusal code — never a throw, never `internal_error`.
 */
function check(data: unknown): void {
  let result: ReturnType<typeof parseBrokerRequest>;
  try {
    result = parseBrokerRequest(data);
  } catch (error) {
    throw new Error(`parseBrokerRequest threw ${String(error)}`);
  }
  if (result instanceof LatchkeyError) {
    expect(REFUSALS).toContain(result.code);
    return;
  }
  expect(result.latchkey).toBe(1);
  expect(METHODS).toContain(result.method);
  expect(typeof result.id).toBe('string');
  expect(parseBrokerRequest(JSON.parse(JSON.stringify(result)))).toEqual(result);
  // The other readers of untrusted messages must not throw either.
  readRequestId(data);
  isRequestShaped(data);
}

// Values as they arrive: anything structured clone or JSON can carry, with and without prototypes.
const anything = fc.anything({
  maxDepth: 3,
  maxKeys: 6,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
});

// Values whose conversion to text throws (a message is structured-cloned or JSON: no functions,
// but objects without a prototype, and what a same-context caller may hand over).
const hostile = fc.constantFrom<unknown>(
  Object.create(null),
  { toString: 1 },
  { valueOf: null, toString: null },
);

// Near-valid requests: the right envelope, params built from the fields the validators read.
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('dev', 'openid', '', ' '));
const params = fc.record(
  {
    provider: fc.oneof(text, hostile, anything),
    scopes: fc.oneof(fc.array(text, { maxLength: 5 }), anything),
    minValidity: fc.oneof(fc.double(), fc.integer(), anything),
    prompt: fc.oneof(fc.constantFrom('login', 'consent none', 'LOGIN', ''), anything),
    loginHint: fc.oneof(text, anything),
    url: fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom('http://u:p@127.0.0.1/', 'javascript:alert(1)', 'https://[::1]/', '//x'),
      anything,
    ),
    method: fc.oneof(fc.constantFrom('GET', 'post', 'TRACE', 'connect', 'GE T', ''), anything),
    headers: fc.oneof(
      fc.array(fc.tuple(text, text), { maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom('Authorization', 'X-A', 'content-type'), text), {
        maxLength: 3,
      }),
      anything,
    ),
    body: fc.oneof(text, anything),
    account: fc.oneof(text, fc.string({ minLength: 250, maxLength: 260 }), anything),
    allAccounts: fc.oneof(fc.boolean(), anything),
    endSession: fc.oneof(fc.boolean(), anything),
    audience: fc.oneof(text, fc.webUrl(), anything),
    resource: fc.oneof(
      fc.webUrl({ withFragments: true }),
      fc.array(fc.webUrl({ withQueryParameters: true, withFragments: true }), { maxLength: 12 }),
      text,
      anything,
    ),
    acrValues: fc.oneof(text, fc.array(text, { maxLength: 22 }), anything),
    maxAge: fc.oneof(fc.integer(), fc.double(), anything),
    uiLocales: fc.oneof(
      fc.constantFrom('en', 'fr-CA de', 'en_US', ''),
      fc.array(text, { maxLength: 3 }),
      anything,
    ),
  },
  { requiredKeys: [] },
);
const envelope = fc.record(
  {
    latchkey: fc.oneof(fc.constant(1), anything),
    id: fc.oneof(fc.string({ maxLength: 20 }), anything),
    method: fc.oneof(
      fc.constantFrom(...METHODS, '__proto__', 'toString', 'constructor'),
      hostile,
      anything,
    ),
    params: fc.oneof(params, anything),
  },
  { requiredKeys: [] },
);

describe('page ↔ extension validators under fuzzing', () => {
  it('any input: a valid request or a refusal, never a throw', () => {
    fc.assert(fc.property(anything, check), { numRuns: 200 });
  });

  it('near-valid requests: a valid request or a refusal, never a throw', () => {
    fc.assert(fc.property(envelope, check), { numRuns: 200 });
  });

  it('values that cannot be turned into text (no prototype, throwing toString)', () => {
    const hostile = [
      Object.create(null) as object,
      { toString: 1 },
      {
        toString() {
          throw new Error('no');
        },
      },
      Symbol('m'),
    ];
    for (const value of hostile) {
      check({ latchkey: 1, id: 'r', method: value });
      check({ latchkey: 1, id: 'r', method: 'getToken', params: { provider: value } });
      check({ latchkey: 1, id: 'r', method: 'fetch', params: { provider: 'p', url: value } });
    }
  });
});
