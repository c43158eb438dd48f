import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  LATCHKEY_ERROR_CODES,
  LatchkeyError,
  isLatchkeyErrorCode,
  type LatchkeyErrorCode,
} from '../src/index.js';

describe('error codes: one list', () => {
  it('derives LatchkeyErrorCode from the exported array', () => {
    expectTypeOf<LatchkeyErrorCode>().toEqualTypeOf<(typeof LATCHKEY_ERROR_CODES)[number]>();
    expect(new Set(LATCHKEY_ERROR_CODES).size).toBe(LATCHKEY_ERROR_CODES.length);
  });

  it('knows exactly the codes of the array, and each survives a context boundary', () => {
    for (const code of LATCHKEY_ERROR_CODES) {
      expect(isLatchkeyErrorCode(code)).toBe(true);
      expect(LatchkeyError.fromJSON({ code, message: 'm' }).code).toBe(code);
    }
    for (const other of ['', 'toString', '__proto__', 'Internal_Error', 'internal_error '])
      expect(isLatchkeyErrorCode(other)).toBe(false);
  });
});
