import { describe, expect, it } from 'vitest';
import { corsOriginAllowed } from '../src/provider-config.js';

describe('dev IdP: CORS origins', () => {
  it('names origins exactly; moz-extension://* stands for every Firefox extension origin only', () => {
    const named = new Set(['chrome-extension://abc']);
    expect(corsOriginAllowed(named, 'chrome-extension://abc')).toBe(true);
    expect(corsOriginAllowed(named, 'chrome-extension://other')).toBe(false);
    expect(corsOriginAllowed(named, 'moz-extension://6c1d2e3f-0000-4000-8000-00000000f1f0')).toBe(
      false,
    );
    const any = new Set(['moz-extension://*']);
    expect(corsOriginAllowed(any, 'moz-extension://6c1d2e3f-0000-4000-8000-00000000f1f0')).toBe(
      true,
    );
    expect(corsOriginAllowed(any, 'chrome-extension://abc')).toBe(false);
    expect(corsOriginAllowed(any, 'https://moz-extension.example')).toBe(false);
  });
});
