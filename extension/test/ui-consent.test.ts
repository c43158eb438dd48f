import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_INPUT_DELAY_MS, createInputGate } from '../src/consent/input-gate.js';
import { safeLogoUri } from '../src/ui/logo.js';
import { describeScope } from '../src/ui/scopes.js';

describe('the consent input gate', () => {
  const gateAt = () => {
    let t = 1000;
    const gate = createInputGate(CONSENT_INPUT_DELAY_MS, () => t);
    return { gate, advance: (ms: number) => (t += ms) };
  };

  it('the delay is between half a second and a second', () => {
    expect(CONSENT_INPUT_DELAY_MS).toBeGreaterThanOrEqual(500);
    expect(CONSENT_INPUT_DELAY_MS).toBeLessThanOrEqual(1000);
  });

  it('opens only after the window was active for the whole delay', () => {
    const { gate, advance } = gateAt();
    expect(gate.observe(true)).toBe(false);
    advance(CONSENT_INPUT_DELAY_MS - 1);
    expect(gate.observe(true)).toBe(false);
    advance(1);
    expect(gate.observe(true)).toBe(true);
  });

  it('never opens while the window is not active, however long', () => {
    const { gate, advance } = gateAt();
    for (let i = 0; i < 20; i++) {
      advance(CONSENT_INPUT_DELAY_MS);
      expect(gate.observe(false)).toBe(false);
    }
  });

  it('a blur or a hidden moment starts the delay over', () => {
    const { gate, advance } = gateAt();
    gate.observe(true);
    advance(CONSENT_INPUT_DELAY_MS);
    expect(gate.observe(true)).toBe(true);
    gate.reset();
    advance(10);
    expect(gate.observe(true)).toBe(false);
    advance(CONSENT_INPUT_DELAY_MS - 20);
    expect(gate.observe(false)).toBe(false);
    advance(20);
    expect(gate.observe(true)).toBe(false);
    advance(CONSENT_INPUT_DELAY_MS);
    expect(gate.observe(true)).toBe(true);
  });

  it('is open exactly when the last inactive moment is at least the delay ago (bounded fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.nat(400), active: fc.boolean(), blur: fc.boolean() }), {
          maxLength: 40,
        }),
        (steps) => {
          const { gate, advance } = gateAt();
          let t = 1000;
          let since: number | undefined;
          for (const { dt, active, blur } of steps) {
            advance(dt);
            t += dt;
            if (blur) {
              gate.reset();
              since = undefined;
            }
            const open = gate.observe(active);
            since = active ? (since ?? t) : undefined;
            expect(open).toBe(since !== undefined && t - since >= CONSENT_INPUT_DELAY_MS);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('describeScope', () => {
  it('gives the standard scopes a phrase beside the raw scope', () => {
    expect(describeScope('openid')).toEqual({
      raw: 'openid',
      phrase: 'confirm who you are',
      malformed: false,
    });
    expect(describeScope('profile').phrase).toBe('your name and profile picture');
    expect(describeScope('email').phrase).toBe('your email address');
    expect(describeScope('offline_access').phrase).toBe('stay signed in');
  });

  it("shows a provider's own scope as asked, with no phrase", () => {
    expect(describeScope('https://www.googleapis.com/auth/drive')).toEqual({
      raw: 'https://www.googleapis.com/auth/drive',
      malformed: false,
    });
    expect(describeScope('constructor').phrase).toBeUndefined();
    expect(describeScope('toString').phrase).toBeUndefined();
  });

  it('quotes and escapes a value outside the scope grammar (RFC 6749 §3.3)', () => {
    expect(describeScope('')).toEqual({ raw: '""', malformed: true });
    expect(describeScope('read write')).toEqual({ raw: '"read write"', malformed: true });
    // A zero-width space and a right-to-left override are made visible.
    expect(describeScope('open\u200bid').raw).toBe('"open\\u200bid"');
    expect(describeScope('a\u202eb').raw).toBe('"a\\u202eb"');
    expect(describeScope('a\u202eb').phrase).toBeUndefined();
  });

  it('what is shown is printable ASCII, and is the scope itself when valid (bounded fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const view = describeScope(s);
        expect(view.raw).toMatch(/^[\x20-\x7e]+$/);
        if (!view.malformed) expect(view.raw).toBe(s);
        else expect(JSON.parse(view.raw)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });
});

describe('safeLogoUri', () => {
  const png =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

  it('accepts https: URLs and base64 PNG, JPEG, GIF and WebP data: URLs', () => {
    expect(safeLogoUri('https://idp.example.com/logo.png')).toBe(
      'https://idp.example.com/logo.png',
    );
    expect(safeLogoUri(png)).toBe(png);
    for (const type of ['jpeg', 'gif', 'webp']) {
      expect(safeLogoUri(`data:image/${type};base64,AAAA`)).toBe(`data:image/${type};base64,AAAA`);
    }
  });

  it('refuses SVG, script, plain http, credentials, non-base64 data and junk', () => {
    for (const bad of [
      'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
      'data:image/svg+xml,<svg onload="alert(1)"/>',
      'data:text/html;base64,PGgxPg==',
      'data:image/png,rawbytes',
      'data:image/png;base64,AA AA',
      'DATA:image/png;base64,AAAA',
      'javascript:alert(1)',
      'http://idp.example.com/logo.png',
      'https://user:pw@idp.example.com/logo.png',
      'ftp://idp.example.com/logo.png',
      '//idp.example.com/logo.png',
      'logo.png',
      '',
      `data:image/png;base64,${'A'.repeat(70_000)}`,
      42,
      undefined,
      null,
    ]) {
      expect(safeLogoUri(bad), String(bad).slice(0, 60)).toBeUndefined();
    }
  });
});
