import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { PROVIDER_FIELDS, validateProviderConfig, type ProviderField } from '../src/index.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../extension/public/managed-schema.json', import.meta.url), 'utf8'),
) as {
  properties: { providers: { items: { properties: Record<string, Record<string, unknown>> } } };
};
const managed = schema.properties.providers.items.properties;

/** The JSON Schema type a field of each kind must have in the managed-storage schema. */
function expectedSchema(field: ProviderField): Record<string, unknown> {
  const str = { type: 'string' };
  switch (field.kind) {
    case 'scopes':
    case 'origins':
    case 'algorithms':
      return { type: 'array', items: str };
    case 'map':
    case 'paths':
      return { type: 'object', additionalProperties: str };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'header':
      return { type: 'object', properties: { name: str, scheme: str } };
    default:
      return str;
  }
}

const base = { id: 'acme', clientId: 'abc', issuer: 'https://auth.acme.example' };

describe('the provider field table', () => {
  it('lists each field once, with a label and help text', () => {
    const names = PROVIDER_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of PROVIDER_FIELDS) {
      expect(f.label.length, f.name).toBeGreaterThan(0);
      expect(f.help.length, f.name).toBeGreaterThan(0);
    }
  });

  it('matches the extension managed-storage schema, field by field', () => {
    expect(Object.keys(managed).sort()).toEqual(PROVIDER_FIELDS.map((f) => f.name).sort());
    for (const f of PROVIDER_FIELDS) {
      expect(managed[f.name], f.name).toMatchObject(expectedSchema(f));
      expect(managed[f.name]?.title, f.name).toBe(f.label);
    }
  });

  it('is what the validator knows: every field is known, nothing else is', () => {
    for (const f of PROVIDER_FIELDS) {
      let message = '';
      try {
        validateProviderConfig({ ...base, [f.name]: Symbol('wrong') });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, f.name).toContain(f.name);
      expect(message, f.name).not.toContain('not a known provider setting');
    }
    expect(() => validateProviderConfig({ ...base, clientSecretless: 1 })).toThrow();
    expect(() => validateProviderConfig({ ...base, jwksUri: 'https://x.example' })).toThrow(
      /jwksUri is not a known provider setting/,
    );
  });

  it('holds every endpoint field to https (http on loopback only)', () => {
    for (const f of PROVIDER_FIELDS.filter((x) => x.kind === 'endpoint')) {
      expect(() => validateProviderConfig({ ...base, [f.name]: 'http://idp.example/x' })).toThrow(
        new RegExp(`${f.name} must use https`),
      );
      expect(validateProviderConfig({ ...base, [f.name]: 'http://127.0.0.1:9/x' })[f.name]).toBe(
        'http://127.0.0.1:9/x',
      );
    }
  });
});
