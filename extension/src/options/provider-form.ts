import type { ProviderConfig } from '@latchkey/core';

/** The provider form as the user edits it: every field a string. */
export interface ProviderFormValues {
  id: string;
  name: string;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  deviceAuthorizationEndpoint: string;
  userinfoEndpoint: string;
  clientId: string;
  /** Space-separated, as in the `scope` parameter (RFC 6749 §3.3). */
  scopes: string;
  redirectUri: string;
  /** One origin per line. */
  allowedOrigins: string;
  resourceOrigins: string;
  /** JSON of the options the form has no field for (extraAuthParams, tokenResponse, …). */
  advanced: string;
}

export type ProviderField = keyof ProviderFormValues;
export type FieldErrors = Partial<Record<ProviderField, string>>;

const URL_FIELDS = [
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'deviceAuthorizationEndpoint',
  'userinfoEndpoint',
  'redirectUri',
] as const;
const LIST_FIELDS = ['allowedOrigins', 'resourceOrigins'] as const;
const FORM_KEYS = new Set<string>([
  'id',
  'name',
  'clientId',
  'scopes',
  ...URL_FIELDS,
  ...LIST_FIELDS,
]);

export function emptyForm(): ProviderFormValues {
  return {
    id: '',
    name: '',
    issuer: '',
    authorizationEndpoint: '',
    tokenEndpoint: '',
    revocationEndpoint: '',
    deviceAuthorizationEndpoint: '',
    userinfoEndpoint: '',
    clientId: '',
    scopes: '',
    redirectUri: '',
    allowedOrigins: '',
    resourceOrigins: '',
    advanced: '',
  };
}

/** Fills the form from a (partial) config, e.g. what discovery found. */
export function formFromConfig(config: Partial<ProviderConfig>): ProviderFormValues {
  const form = emptyForm();
  form.id = config.id ?? '';
  form.name = config.name ?? '';
  form.clientId = config.clientId ?? '';
  form.scopes = (config.scopes ?? []).join(' ');
  for (const key of URL_FIELDS) form[key] = config[key] ?? '';
  for (const key of LIST_FIELDS) form[key] = (config[key] ?? []).join('\n');
  const advanced = Object.fromEntries(Object.entries(config).filter(([k]) => !FORM_KEYS.has(k)));
  form.advanced = Object.keys(advanced).length > 0 ? JSON.stringify(advanced, null, 2) : '';
  return form;
}

/** Discovery fills endpoints; what the user already typed in the other fields stays. */
export function mergeDiscovered(
  form: ProviderFormValues,
  discovered: Partial<ProviderConfig>,
): ProviderFormValues {
  const found = formFromConfig(discovered);
  const merged = { ...form };
  for (const key of Object.keys(found) as ProviderField[]) {
    if (found[key] !== '' && (merged[key] === '' || URL_FIELDS.includes(key as never))) {
      merged[key] = found[key];
    }
  }
  return merged;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** HTTPS, or HTTP on loopback only (DESIGN: HTTPS for every endpoint except loopback). */
export function checkEndpointUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Not a valid URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return 'Must use https:// (http:// only for 127.0.0.1 or localhost)';
}

/**
 * Turns the form into a config, or into errors by field. The broker validates again on save
 * (core's `validateProviderConfig`); its error is mapped back to a field by {@link fieldOfMessage}.
 */
export function formToConfig(
  form: ProviderFormValues,
): { config: ProviderConfig; errors?: undefined } | { config?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const id = form.id.trim();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
    errors.id = 'Required: 1–64 characters of A–Z, a–z, 0–9, dot, underscore or dash';
  }
  const clientId = form.clientId.trim();
  if (clientId === '') errors.clientId = 'Required';
  const config: ProviderConfig = { id, clientId };
  for (const key of URL_FIELDS) {
    const value = form[key].trim();
    if (value === '') continue;
    const problem = checkEndpointUrl(value);
    if (problem !== undefined) errors[key] = problem;
    else config[key] = value;
  }
  if (config.issuer === undefined) {
    if (form.authorizationEndpoint.trim() === '' && errors.authorizationEndpoint === undefined) {
      errors.authorizationEndpoint = 'Required when there is no issuer';
    }
    if (form.tokenEndpoint.trim() === '' && errors.tokenEndpoint === undefined) {
      errors.tokenEndpoint = 'Required when there is no issuer';
    }
  }
  if (form.name.trim() !== '') config.name = form.name.trim();
  const scopes = form.scopes.split(/\s+/).filter(Boolean);
  if (scopes.length > 0) config.scopes = scopes;
  for (const key of LIST_FIELDS) {
    const origins = form[key].split(/[\s,]+/).filter(Boolean);
    const bad = origins.find((o) => !isOrigin(o));
    if (bad !== undefined) errors[key] = `Not an origin: ${bad}`;
    else if (origins.length > 0) config[key] = origins;
  }
  if (form.advanced.trim() !== '') {
    const advanced = parseAdvanced(form.advanced);
    if (typeof advanced === 'string') errors.advanced = advanced;
    else Object.assign(config, advanced);
  }
  return Object.keys(errors).length > 0 ? { errors } : { config };
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

function parseAdvanced(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Must be a JSON object';
  }
  const clash = Object.keys(value).find((k) => FORM_KEYS.has(k));
  if (clash !== undefined) return `"${clash}" has its own field above`;
  if ('clientSecret' in value) {
    return 'clientSecret is refused: a browser cannot keep a secret (public client, RFC 8252 §8.4)';
  }
  return value as Record<string, unknown>;
}

/** The form field a validation message is about (core names the config key), if any. */
export function fieldOfMessage(message: string): ProviderField | 'advanced' | undefined {
  const keys = Object.keys(emptyForm()) as ProviderField[];
  const named = keys
    .filter((k) => k !== 'advanced')
    .find((k) => new RegExp(`\\b${k}\\b`).test(message));
  if (named !== undefined) return named;
  return /\b(extraAuthParams|extraTokenParams|tokenResponse|codeChallengeMethod|maxTokenLength|dpop|clientSecret)\b/.test(
    message,
  )
    ? 'advanced'
    : undefined;
}
