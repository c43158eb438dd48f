import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { authorizationParams, normalizeResources } from '../src/authorization/auth-params.js';
import { isLatchkeyError } from '../src/errors.js';

const hostile = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.array(fc.string(), { maxLength: 12 }),
  fc.constantFrom(-1, 1.5, 2 ** 53, Infinity, NaN, '', ' ', 'a\nb', 'http://x#f', 'rel/path'),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
);

describe('per-call authorization parameters: checks', () => {
  it('any value is either accepted as wire parameters or refused with invalid_request', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            audience: hostile,
            resource: hostile,
            acrValues: hostile,
            maxAge: hostile,
            uiLocales: hostile,
            loginHint: hostile,
          },
          { requiredKeys: [] },
        ),
        (options) => {
          try {
            const { pairs } = authorizationParams(options);
            for (const [k, v] of pairs) {
              expect(typeof k).toBe('string');
              expect(v).not.toMatch(/[\u0000-\u001f\u007f]/);
            }
          } catch (err) {
            expect(isLatchkeyError(err) && err.code).toBe('invalid_request');
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('resources are absolute URIs without fragment, sorted and unique', () => {
    expect(
      normalizeResources(['https://b.example/', 'https://a.example/', 'https://b.example/']),
    ).toEqual(['https://a.example/', 'https://b.example/']);
    expect(normalizeResources('urn:example:api')).toEqual(['urn:example:api']);
    for (const bad of ['https://a.example/#x', '/relative', 'https://a.example/ x', ''])
      expect(() => normalizeResources(bad)).toThrow(/resource/);
  });
});
