import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCallbackUrl, isCallbackUrl, sameOriginPath } from '../src/page/callback-url.js';
import { decodeFlowState, encodeFlowState } from '../src/page/flow-state.js';

const origin = 'http://127.0.0.1:5173';

describe('isCallbackUrl', () => {
  const uris = [`${origin}/`, `${origin}/auth/callback`];
  it('matches a response on a redirect URI', () => {
    expect(isCallbackUrl(`${origin}/?code=c&state=s&iss=x`, uris)).toBe(true);
    expect(isCallbackUrl(`${origin}/auth/callback?error=access_denied&state=s`, uris)).toBe(true);
  });
  it('ignores other paths, origins and URLs without state and code/error', () => {
    expect(isCallbackUrl(`${origin}/other?code=c&state=s`, uris)).toBe(false);
    expect(isCallbackUrl(`http://localhost:5173/?code=c&state=s`, uris)).toBe(false);
    expect(isCallbackUrl(`${origin}/?code=c`, uris)).toBe(false);
    expect(isCallbackUrl(`${origin}/?state=s&page=2`, uris)).toBe(false);
  });
});

describe('cleanCallbackUrl', () => {
  it('drops the response parameters and keeps the app’s own', () => {
    expect(cleanCallbackUrl(`${origin}/?tab=2&code=c&state=s&iss=http%3A%2F%2Fidp#top`)).toBe(
      '/?tab=2#top',
    );
    expect(cleanCallbackUrl(`${origin}/cb?error=access_denied&error_description=no&state=s`)).toBe(
      '/cb',
    );
  });
});

describe('sameOriginPath', () => {
  it('keeps same-origin paths', () => {
    expect(sameOriginPath('/account?x=1#y', origin)).toBe('/account?x=1#y');
    expect(sameOriginPath(`${origin}/a`, origin)).toBe('/a');
  });
  it('refuses anything that leaves the origin', () => {
    for (const bad of [
      '//evil.example/x',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\\evil.example',
      'http://127.0.0.1:1/',
      // Same origin as given, but the path normalises to a network-path reference (`//host`).
      '/.//evil.example/x',
      '/a/..//evil.example',
      `${origin}//evil.example/x`,
    ]) {
      expect(sameOriginPath(bad, origin)).toBeUndefined();
    }
    expect(sameOriginPath(undefined, origin)).toBeUndefined();
  });

  it('ignores odd inputs that are no URL at all instead of throwing (`/.//`, `.\\/`)', () => {
    for (const odd of ['/.//', '.\\/', '/./\\', '\\\\', '/..//', './/', '/%2e//', '//']) {
      expect(() => sameOriginPath(odd, origin)).not.toThrow();
      expect(sameOriginPath(odd, origin)).toBeUndefined();
    }
    expect(sameOriginPath('/.%2e/x', origin)).toBe('/x');
  });

  it('fuzz: never throws; what it keeps is a path that stays on the origin from any page', () => {
    const chars = "/\\.:?#@%2e5c aAxX-_~!$&'()*+,;=\t\n".split('');
    // Path pieces that URL parsing normalises (dot segments, backslashes, encoded dots) joined.
    const pieces = ['/', '.', '..', '\\', '%2e', '%2E%2e', 'evil.example', '?', '#', ':', '@', 'a'];
    const returnTo = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join('')),
      fc.string({ unit: fc.constantFrom(...chars), maxLength: 24 }),
      fc.string({ maxLength: 24 }),
      fc.webUrl().map((u) => u.slice(0, 64)),
    );
    const pages = [`${origin}/`, `${origin}/a/b/c?q=1#h`, `${origin}//x/`];
    fc.assert(
      fc.property(returnTo, (value) => {
        const path = sameOriginPath(value, origin);
        if (path === undefined) return;
        expect(path.startsWith('/') && !path.startsWith('//')).toBe(true);
        const here = new URL(path, origin).href;
        for (const page of pages) {
          const url = new URL(path, page);
          expect(url.origin).toBe(origin);
          expect(url.href).toBe(here);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('flow state', () => {
  it('round-trips and drops a foreign return path', () => {
    expect(decodeFlowState(encodeFlowState({ flow: 'redirect', returnTo: '/x' }), origin)).toEqual({
      flow: 'redirect',
      returnTo: '/x',
    });
    expect(
      decodeFlowState(encodeFlowState({ flow: 'redirect', returnTo: '//evil.example' }), origin),
    ).toEqual({
      flow: 'redirect',
    });
    expect(
      decodeFlowState(encodeFlowState({ flow: 'redirect', returnTo: '/.//evil.example' }), origin),
    ).toEqual({ flow: 'redirect' });
    expect(decodeFlowState('not json', origin)).toBeUndefined();
    expect(decodeFlowState('{"flow":"other"}', origin)).toBeUndefined();
  });
});
