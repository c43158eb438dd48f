import { describe, expect, it } from 'vitest';

import { isLatchkeyError, LatchkeyError } from '../src/index.js';

describe('LatchkeyError across a context boundary', () => {
  it('round-trips as { code, message } data with the server fields', () => {
    const err = new LatchkeyError('access_denied', 'no', {
      error_description: 'user said no',
      status: 400,
    });
    const back = LatchkeyError.fromJSON(JSON.parse(JSON.stringify(err)));
    expect(back).toBeInstanceOf(LatchkeyError);
    expect(back.toJSON()).toEqual({
      code: 'access_denied',
      message: 'no',
      error_description: 'user said no',
      status: 400,
    });
    expect(isLatchkeyError(back)).toBe(true);
  });

  it('treats data from another context as untrusted', () => {
    expect(LatchkeyError.fromJSON({ code: 'pwned', message: 42 }).code).toBe('internal_error');
    expect(LatchkeyError.fromJSON(null).code).toBe('internal_error');
    expect(
      LatchkeyError.fromJSON({ code: 'timeout', message: 'x'.repeat(10_000) }).message.length,
    ).toBe(2000);
  });
});
