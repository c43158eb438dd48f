import type { GrantRecord, ProviderConfig } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import {
  checkGrant as check,
  grantFromAnswer,
  requestedScopes,
} from '../src/background/access/rules.js';
import type { ProviderSource } from '../src/common/internal-protocol.js';

const provider: ProviderConfig = {
  id: 'dev',
  clientId: 'c',
  issuer: 'http://127.0.0.1:4000',
  scopes: ['openid', 'api'],
  allowedOrigins: ['https://preset.example/'],
};
const origin = 'https://app.example';
/** The rules for the provider as a build-time preset (or as `source`). */
const checkGrant = (
  g: GrantRecord | undefined,
  config: ProviderConfig,
  o: string,
  scopes: string[],
  source: ProviderSource = 'preset',
) => check(g, { config, source }, o, scopes);
const grant = (over: Partial<GrantRecord> = {}): GrantRecord => ({
  origin,
  provider: 'dev',
  scopes: ['openid', 'api'],
  decision: 'allowed',
  by: 'user',
  at: 1,
  ...over,
});

describe('grant rules', () => {
  it('needs consent when there is no grant, for the requested scopes', () => {
    expect(checkGrant(undefined, provider, origin, ['openid'])).toEqual({
      kind: 'consent_required',
      scopes: ['openid'],
    });
  });

  it('allows the scopes the user allowed, and asks again (for the union) beyond them', () => {
    expect(checkGrant(grant(), provider, origin, ['api']).kind).toBe('allowed');
    expect(checkGrant(grant(), provider, origin, [])).toEqual({ kind: 'allowed', by: 'user' });
    expect(checkGrant(grant(), provider, origin, ['api', 'admin'])).toEqual({
      kind: 'consent_required',
      scopes: ['openid', 'api', 'admin'],
    });
  });

  it('remembers a denial, whatever the scopes', () => {
    expect(checkGrant(grant({ decision: 'denied' }), provider, origin, [])).toEqual({
      kind: 'denied',
    });
  });

  it('pre-grants allowedOrigins (exact origin), unless the user denied', () => {
    expect(checkGrant(undefined, provider, 'https://preset.example', ['x'])).toEqual({
      kind: 'allowed',
      by: 'preset',
    });
    expect(checkGrant(undefined, provider, 'https://preset.example', [], 'policy')).toEqual({
      kind: 'allowed',
      by: 'policy',
    });
    // From the options page or an imported file, allowedOrigins grant nothing.
    expect(checkGrant(undefined, provider, 'https://preset.example', [], 'options').kind).toBe(
      'consent_required',
    );
    expect(checkGrant(undefined, provider, 'https://preset.example:8443', []).kind).toBe(
      'consent_required',
    );
    expect(checkGrant(undefined, provider, 'http://preset.example', []).kind).toBe(
      'consent_required',
    );
    const denied = grant({ origin: 'https://preset.example', decision: 'denied' });
    expect(checkGrant(denied, provider, 'https://preset.example', []).kind).toBe('denied');
  });

  it('ignores a grant of another origin or provider', () => {
    expect(checkGrant(grant({ origin: 'https://other.example' }), provider, origin, []).kind).toBe(
      'consent_required',
    );
    expect(checkGrant(grant({ provider: 'other' }), provider, origin, []).kind).toBe(
      'consent_required',
    );
  });

  it('defaults the requested scopes to the provider’s and stores answers as user grants', () => {
    expect(requestedScopes(provider)).toEqual(['openid', 'api']);
    expect(requestedScopes(provider, ['api', 'api'])).toEqual(['api']);
    expect(() => requestedScopes(provider, [])).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
    expect(() => requestedScopes(provider, ['admin'])).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
    expect(grantFromAnswer(origin, 'dev', ['a', 'a'], false, 5)).toEqual({
      origin,
      provider: 'dev',
      scopes: ['a'],
      decision: 'denied',
      by: 'user',
      at: 5,
    });
  });
});
