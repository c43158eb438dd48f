import type { ProviderConfig } from '@latchkey/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  diffImport,
  isSensitiveField,
  showValue,
  withBrokerPreview,
} from '../src/options/import-diff.js';
import type { ImportChange, ProviderView } from '../src/common/internal-protocol.js';

const view = (
  config: ProviderConfig,
  source: ProviderView['source'] = 'options',
): ProviderView => ({
  config,
  source,
  redirectUri: 'https://ext.chromiumapp.org/',
});

const dev: ProviderConfig = {
  id: 'dev',
  name: 'Dev',
  clientId: 'app',
  authorizationEndpoint: 'https://idp.test/auth',
  tokenEndpoint: 'https://idp.test/token',
  scopes: ['openid'],
  allowedOrigins: ['https://app.test'],
  tokenResponse: { accessToken: 'access_token' },
};

describe('diffImport', () => {
  it('a new id is an add listing every field it sets', () => {
    const [entry] = diffImport([{ ...dev, id: 'new' }], [view(dev)]);
    expect(entry).toMatchObject({ index: 0, id: 'new', kind: 'add' });
    expect(entry!.fields.map((f) => f.field)).toEqual([
      'allowedOrigins',
      'authorizationEndpoint',
      'clientId',
      'name',
      'scopes',
      'tokenEndpoint',
      'tokenResponse',
    ]);
    expect(entry!.fields.find((f) => f.field === 'allowedOrigins')).toMatchObject({
      after: ['https://app.test'],
      added: ['https://app.test'],
      removed: [],
      sensitive: true,
    });
    expect(entry!.fields.find((f) => f.field === 'name')?.sensitive).toBe(false);
  });

  it('a changed provider lists exactly the fields that change, with before and after', () => {
    const imported = {
      ...dev,
      name: 'Dev',
      tokenEndpoint: 'https://evil.test/token',
      extraTokenParams: { audience: 'evil' },
      allowedOrigins: ['https://app.test', 'https://evil.test'],
      resourceOrigins: ['https://evil.test'],
      clientId: 'other',
      tokenResponse: { accessToken: 'data.token' },
      scopes: undefined,
    };
    const [entry] = diffImport([imported], [view(dev)]);
    expect(entry?.kind).toBe('replace');
    const byField = Object.fromEntries(entry!.fields.map((f) => [f.field, f]));
    expect(Object.keys(byField)).toEqual([
      'allowedOrigins',
      'clientId',
      'extraTokenParams',
      'resourceOrigins',
      'scopes',
      'tokenEndpoint',
      'tokenResponse',
    ]);
    for (const f of entry!.fields) expect(f.sensitive).toBe(true);
    expect(byField.tokenEndpoint).toMatchObject({
      before: 'https://idp.test/token',
      after: 'https://evil.test/token',
    });
    expect(byField.allowedOrigins).toMatchObject({ added: ['https://evil.test'], removed: [] });
    expect(byField.scopes).toMatchObject({ before: ['openid'], removed: ['openid'], added: [] });
    expect(byField.scopes).not.toHaveProperty('after');
    expect(byField.extraTokenParams).toMatchObject({ after: { audience: 'evil' } });
    expect(byField.extraTokenParams).not.toHaveProperty('before');
  });

  it('the same config (keys in another order) is unchanged', () => {
    const reordered = Object.fromEntries(Object.entries(dev).reverse());
    reordered.tokenResponse = { accessToken: 'access_token' };
    expect(diffImport([reordered], [view(dev)])).toEqual([
      { index: 0, id: 'dev', kind: 'unchanged', fields: [] },
    ]);
  });

  it('refuses entries without an id, non-objects, and ids set by policy', () => {
    const entries = diffImport(
      [null, 'dev', [dev], { clientId: 'x' }, { ...dev, id: 'corp' }],
      [view({ ...dev, id: 'corp' }, 'policy')],
    );
    expect(entries.map((e) => e.kind)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
    expect(entries[4]?.reason).toContain('policy');
    expect(entries[3]?.reason).toContain('no id');
  });

  it('a preset provider may be overridden by an import (shown as a change)', () => {
    const [entry] = diffImport([{ ...dev, clientId: 'mine' }], [view(dev, 'preset')]);
    expect(entry).toMatchObject({ kind: 'replace', fields: [{ field: 'clientId' }] });
  });

  it('an id listed twice: the earlier entry is marked overridden', () => {
    const entries = diffImport(
      [
        { ...dev, id: 'x' },
        { ...dev, id: 'x', name: 'X' },
      ],
      [],
    );
    expect(entries[0]?.overridden).toBe(true);
    expect(entries[1]?.overridden).toBeUndefined();
  });

  it('any JSON array yields one entry per element and never throws (bounded fuzz)', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), (configs) => {
        const entries = diffImport(configs, [view(dev)]);
        expect(entries).toHaveLength(configs.length);
        for (const e of entries) showValue(e.fields[0]?.after);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isSensitiveField', () => {
  it('covers endpoints, client, token request and response shape, origins', () => {
    for (const f of [
      'tokenEndpoint',
      'refreshEndpoint',
      'authorizationEndpoint',
      'clientId',
      'tokenResponse',
      'extraTokenParams',
      'allowedOrigins',
      'resourceOrigins',
      'tokenHeader',
    ]) {
      expect(isSensitiveField(f), f).toBe(true);
    }
    expect(isSensitiveField('name')).toBe(false);
    expect(isSensitiveField('logoUri')).toBe(false);
  });
});

describe('withBrokerPreview', () => {
  const change = (c: Partial<ImportChange>): ImportChange => ({
    id: 'dev',
    kind: 'replace',
    fields: [],
    dropsGrants: [],
    dropsSession: false,
    consentOrigins: [],
    ...c,
  });

  it("adds the broker's dropped grants, session and consent origins", () => {
    const entries = diffImport([{ ...dev, clientId: 'other' }], [view(dev)]);
    const [merged] = withBrokerPreview(entries, [
      change({
        dropsGrants: ['https://app.test'],
        dropsSession: true,
        consentOrigins: ['https://x.test'],
      }),
    ]);
    expect(merged).toMatchObject({
      kind: 'replace',
      dropsGrants: ['https://app.test'],
      dropsSession: true,
      consentOrigins: ['https://x.test'],
    });
  });

  it("an entry the broker refuses is refused with the broker's message", () => {
    const entries = diffImport([{ ...dev, tokenEndpoint: 'http://idp.test/token' }], [view(dev)]);
    const [merged] = withBrokerPreview(entries, [
      change({
        kind: 'refused',
        error: {
          code: 'config_invalid',
          message: 'tokenEndpoint must be https',
        } as ImportChange['error'] & object,
      }),
    ]);
    expect(merged).toMatchObject({ kind: 'refused', reason: 'tokenEndpoint must be https' });
  });

  it('ignores a preview that does not match the entries', () => {
    const entries = diffImport([{ ...dev, id: 'a' }], []);
    expect(withBrokerPreview(entries, [change({ id: 'b', kind: 'refused' })])).toEqual(entries);
    expect(withBrokerPreview(entries, [])).toEqual(entries);
  });
});

describe('showValue and canonicalJson', () => {
  it('shows strings as they are, other values as canonical JSON, long ones cut', () => {
    expect(showValue('https://idp.test')).toBe('https://idp.test');
    expect(showValue({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
    expect(showValue(undefined)).toBe('(not set)');
    expect(showValue('x'.repeat(400))).toMatch(/^x{300}… \(400 characters\)$/);
    expect(canonicalJson({ b: { d: 1, c: 2 }, a: 1 })).toBe('{"a":1,"b":{"c":2,"d":1}}');
  });
});
