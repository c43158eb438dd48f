import { PROVIDER_FIELDS } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import {
  FORM_FIELDS,
  checkEndpointUrl,
  emptyForm,
  fieldOfMessage,
  formFromConfig,
  formToConfig,
  mergeDiscovered,
} from '../src/options/provider-form.js';
import { groupBySite, normaliseOrigin } from '../src/options/sites-model.js';

const filled = () => ({
  ...emptyForm(),
  id: 'dev',
  clientId: 'spa',
  issuer: 'http://127.0.0.1:4000',
  scopes: 'openid  profile\noffline_access',
});

describe('formToConfig', () => {
  it('builds a config, splitting scopes and origins and dropping empty fields', () => {
    const result = formToConfig({
      ...filled(),
      name: ' Dev IdP ',
      allowedOrigins: 'http://localhost:5173\nhttps://app.example.com',
      extraAuthParams: '{"prompt": "consent"}',
    });
    expect(result.config).toEqual({
      id: 'dev',
      clientId: 'spa',
      issuer: 'http://127.0.0.1:4000',
      name: 'Dev IdP',
      scopes: ['openid', 'profile', 'offline_access'],
      allowedOrigins: ['http://localhost:5173', 'https://app.example.com'],
      extraAuthParams: { prompt: 'consent' },
    });
  });
  it('reports missing id and client id by field', () => {
    const { errors } = formToConfig({ ...filled(), id: 'has space', clientId: ' ' });
    expect(Object.keys(errors ?? {}).sort()).toEqual(['clientId', 'id']);
  });
  it('requires the endpoints when there is no issuer', () => {
    const { errors } = formToConfig({ ...filled(), issuer: '' });
    expect(Object.keys(errors ?? {}).sort()).toEqual(['authorizationEndpoint', 'tokenEndpoint']);
  });
  it('refuses plain http except on loopback, and non-URLs', () => {
    expect(checkEndpointUrl('http://idp.example.com/authorize')).toMatch(/https/);
    expect(checkEndpointUrl('https://idp.example.com/authorize')).toBeUndefined();
    expect(checkEndpointUrl('http://localhost:8080/token')).toBeUndefined();
    expect(checkEndpointUrl('not a url')).toBe('Not a valid URL');
    const { errors } = formToConfig({ ...filled(), tokenEndpoint: 'http://evil.example/token' });
    expect(errors?.tokenEndpoint).toMatch(/https/);
  });
  it('refuses bad origins, bad JSON settings, unknown enum values and out-of-range numbers', () => {
    expect(
      formToConfig({ ...filled(), allowedOrigins: 'https://a.test/path' }).errors?.allowedOrigins,
    ).toMatch(/Not an origin/);
    expect(formToConfig({ ...filled(), extraTokenParams: '{' }).errors?.extraTokenParams).toMatch(
      /Not JSON/,
    );
    expect(formToConfig({ ...filled(), tokenResponse: '[]' }).errors?.tokenResponse).toMatch(
      /object/,
    );
    expect(
      formToConfig({ ...filled(), extraAuthParams: '{"a": 1}' }).errors?.extraAuthParams,
    ).toMatch(/string/);
    expect(formToConfig({ ...filled(), tokenHeader: '{}' }).errors?.tokenHeader).toMatch(/name/);
    expect(
      formToConfig({ ...filled(), codeChallengeMethod: 'plain' }).errors?.codeChallengeMethod,
    ).toMatch(/One of/);
    expect(formToConfig({ ...filled(), maxTokenLength: '10' }).errors?.maxTokenLength).toMatch(
      /From/,
    );
    expect(
      formToConfig({ ...filled(), idTokenSigningAlgs: 'RS256 none' }).errors?.idTokenSigningAlgs,
    ).toMatch(/none/);
    expect(formToConfig({ ...filled(), logoUri: 'javascript:alert(1)' }).errors?.logoUri).toMatch(
      /https/,
    );
  });
  it('reads every kind of setting into its config type', () => {
    expect(
      formToConfig({
        ...filled(),
        tokenRequestFormat: 'json',
        maxTokenLength: '4096',
        dpop: 'true',
        idTokenSigningAlgs: 'RS256 ES256',
        tokenHeader: '{"name": "X-Access-Token"}',
        refreshEndpoint: 'https://idp.test/refresh',
      }).config,
    ).toMatchObject({
      tokenRequestFormat: 'json',
      maxTokenLength: 4096,
      dpop: true,
      idTokenSigningAlgs: ['RS256', 'ES256'],
      tokenHeader: { name: 'X-Access-Token' },
      refreshEndpoint: 'https://idp.test/refresh',
    });
  });
});

describe('the form is built from the field table of core', () => {
  it('has one field per setting of PROVIDER_FIELDS, in its order, with its label and help', () => {
    expect(FORM_FIELDS.map((f) => f.field.name)).toEqual(PROVIDER_FIELDS.map((f) => f.name));
    expect(Object.keys(emptyForm())).toEqual(PROVIDER_FIELDS.map((f) => f.name));
    for (const f of FORM_FIELDS) {
      expect(f.field.label.length).toBeGreaterThan(0);
      expect(f.field.help.length).toBeGreaterThan(0);
    }
  });
});

describe('formFromConfig and mergeDiscovered', () => {
  it('round-trips a config through the form', () => {
    const config = {
      id: 'gh',
      clientId: 'abc',
      authorizationEndpoint: 'https://github.com/login/oauth/authorize',
      tokenEndpoint: 'https://github.com/login/oauth/access_token',
      scopes: ['read:user'],
      resourceOrigins: ['https://api.github.com'],
      tokenResponse: { accessToken: 'authed_user.access_token' },
      codeChallengeMethod: 'SHA256' as const,
      extraTokenParams: { audience: 'api' },
      tokenHeader: { name: 'X-Access-Token' },
      maxTokenLength: 4096,
      dpop: true,
      logoUri: 'https://github.com/logo.png',
    };
    expect(formToConfig(formFromConfig(config)).config).toEqual(config);
  });
  it('fills discovered endpoints but keeps what the user typed elsewhere', () => {
    const form = { ...emptyForm(), id: 'mine', clientId: 'typed', issuer: 'http://127.0.0.1:4000' };
    const merged = mergeDiscovered(form, {
      issuer: 'http://127.0.0.1:4000',
      authorizationEndpoint: 'http://127.0.0.1:4000/auth',
      tokenEndpoint: 'http://127.0.0.1:4000/token',
      scopes: ['openid', 'email'],
    });
    expect(merged).toMatchObject({
      id: 'mine',
      clientId: 'typed',
      authorizationEndpoint: 'http://127.0.0.1:4000/auth',
      tokenEndpoint: 'http://127.0.0.1:4000/token',
      scopes: 'openid email',
    });
  });
});

describe('fieldOfMessage', () => {
  it('finds the config key a validation message names', () => {
    expect(fieldOfMessage('tokenEndpoint must use https')).toBe('tokenEndpoint');
    expect(fieldOfMessage('extraTokenParams.audience must be a string')).toBe('extraTokenParams');
    expect(fieldOfMessage('refreshEndpoint must use https')).toBe('refreshEndpoint');
    expect(fieldOfMessage('something else went wrong')).toBeUndefined();
  });
});

describe('sites', () => {
  it('normalises an origin and refuses other schemes', () => {
    expect(normaliseOrigin(' https://App.Example.com:443/path?q ')).toBe('https://app.example.com');
    expect(normaliseOrigin('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(normaliseOrigin('ftp://x.test')).toBeUndefined();
    expect(normaliseOrigin('nope')).toBeUndefined();
  });
  it('groups grants by site, sorted', () => {
    const g = (origin: string, provider: string) => ({
      origin,
      provider,
      scopes: [],
      decision: 'allowed' as const,
      by: 'user' as const,
      at: 0,
    });
    const groups = groupBySite([
      g('https://b.test', 'y'),
      g('https://a.test', 'z'),
      g('https://b.test', 'x'),
    ]);
    expect(groups.map((s) => [s.origin, s.grants.map((x) => x.provider)])).toEqual([
      ['https://a.test', ['z']],
      ['https://b.test', ['x', 'y']],
    ]);
  });
});
