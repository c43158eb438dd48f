import { describe, expect, it } from 'vitest';
import { originAllowed, originMatchPattern, parseOrigin, webOrigin } from '../src/bridge/origin.js';

describe('origin helpers', () => {
  it('webOrigin keeps https and loopback http only', () => {
    expect(webOrigin('https://app.example:8443/x?y#z')).toBe('https://app.example:8443');
    expect(webOrigin('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    expect(webOrigin('http://localhost:3000/a')).toBe('http://localhost:3000');
    expect(webOrigin('http://[::1]:3000/a')).toBe('http://[::1]:3000');
    expect(webOrigin('http://app.example/')).toBeUndefined();
    expect(webOrigin('file:///tmp/x.html')).toBeUndefined();
    expect(webOrigin('data:text/html,hi')).toBeUndefined();
    expect(webOrigin('chrome-extension://abc/x.html')).toBeUndefined();
    expect(webOrigin('not a url')).toBeUndefined();
    expect(webOrigin(undefined)).toBeUndefined();
  });

  it('parseOrigin accepts bare origins only', () => {
    expect(parseOrigin('https://app.example')).toBe('https://app.example');
    expect(parseOrigin('https://app.example/')).toBe('https://app.example');
    expect(parseOrigin('https://APP.example')).toBeUndefined();
    expect(parseOrigin('https://app.example/path')).toBeUndefined();
    expect(parseOrigin('https://app.example?x')).toBeUndefined();
    expect(parseOrigin(42)).toBeUndefined();
  });

  it('originAllowed compares exact origins, never prefixes', () => {
    const list = ['https://api.example', 'http://127.0.0.1:4000'];
    expect(originAllowed('https://api.example/v1/me', list)).toBe(true);
    expect(originAllowed('https://api.example.evil.test/v1', list)).toBe(false);
    expect(originAllowed('https://api.example:444/v1', list)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4001/', list)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4000/api', list)).toBe(true);
  });

  it('originMatchPattern drops the port (match patterns carry none)', () => {
    expect(originMatchPattern('http://127.0.0.1:4000')).toBe('http://127.0.0.1/*');
    expect(originMatchPattern('https://app.example')).toBe('https://app.example/*');
  });
});
