import {
  PROVIDER_FIELDS,
  type ProviderConfig,
  type ProviderField as CoreProviderField,
  type ProviderFieldName,
} from '@latchkey/core';

/**
 * The provider form is built from core's field table (`PROVIDER_FIELDS`): one input per
 * `ProviderConfig` setting, with the table's label and help, edited as text in a way that suits its
 * kind. A setting core adds appears here without a change to the form.
 */
export type ProviderField = ProviderFieldName;

/** The provider form as the user edits it: every setting as a string. */
export type ProviderFormValues = Record<ProviderField, string>;
export type FieldErrors = Partial<Record<ProviderField, string>>;

/** How a kind of setting is written in the form. */
export type InputStyle = 'text' | 'lines' | 'json' | 'select' | 'checkbox' | 'number';

export interface FormField {
  field: CoreProviderField;
  style: InputStyle;
  /** What the form expects, after the table's help. */
  format?: string;
  /** Shown in the main part of the form; the others are under "More settings". */
  main: boolean;
}

const STYLE: Record<CoreProviderField['kind'], { style: InputStyle; format?: string }> = {
  id: { style: 'text' },
  text: { style: 'text' },
  issuer: { style: 'text' },
  endpoint: { style: 'text' },
  redirect: { style: 'text' },
  image: { style: 'text' },
  scopes: { style: 'text', format: 'space-separated' },
  algorithms: { style: 'text', format: 'space-separated' },
  origins: { style: 'lines', format: 'one origin per line' },
  map: { style: 'json', format: 'a JSON object of strings' },
  paths: { style: 'json', format: 'a JSON object' },
  header: { style: 'json', format: 'JSON: {"name": …, "scheme": …}' },
  enum: { style: 'select' },
  integer: { style: 'number' },
  boolean: { style: 'checkbox' },
};

/** Settings most providers need; the rest are folded away until used. */
const MAIN = new Set<string>([
  'id',
  'name',
  'issuer',
  'clientId',
  'scopes',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'userinfoEndpoint',
  'deviceAuthorizationEndpoint',
  'redirectUri',
  'allowedOrigins',
  'resourceOrigins',
  'logoUri',
]);

/** The form's fields, in the table's order. */
export const FORM_FIELDS: readonly FormField[] = PROVIDER_FIELDS.map(
  (field: CoreProviderField): FormField => ({
    field,
    ...STYLE[field.kind],
    main: MAIN.has(field.name),
  }),
);

const NAMES = FORM_FIELDS.map((f) => f.field.name);

export function emptyForm(): ProviderFormValues {
  return Object.fromEntries(NAMES.map((n) => [n, ''])) as ProviderFormValues;
}

/** One setting's value as form text. */
function toText(f: FormField, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (f.style) {
    case 'json':
      return JSON.stringify(value, null, 2);
    case 'lines':
      return Array.isArray(value) ? value.join('\n') : String(value);
    case 'checkbox':
      return value === true ? 'true' : '';
    default:
      return Array.isArray(value) ? value.join(' ') : String(value);
  }
}

/** Fills the form from a (partial) config, e.g. what discovery found. */
export function formFromConfig(config: Partial<ProviderConfig>): ProviderFormValues {
  const form = emptyForm();
  const values = config as Record<string, unknown>;
  for (const f of FORM_FIELDS) form[f.field.name] = toText(f, values[f.field.name]);
  return form;
}

/** Discovery fills the issuer and endpoints; what the user already typed in other fields stays. */
export function mergeDiscovered(
  form: ProviderFormValues,
  discovered: Partial<ProviderConfig>,
): ProviderFormValues {
  const found = formFromConfig(discovered);
  const merged = { ...form };
  for (const f of FORM_FIELDS) {
    const name = f.field.name;
    const urlLike = f.field.kind === 'endpoint' || f.field.kind === 'issuer';
    if (found[name] !== '' && (merged[name] === '' || urlLike)) merged[name] = found[name];
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

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One field's text as a config value: `{ value }` (undefined: not set) or `{ error }`. */
function readField(f: FormField, raw: string): { value?: unknown; error?: string } {
  const text = raw.trim();
  if (text === '') return {};
  const { kind, values = [], min, max } = f.field;
  switch (kind) {
    case 'id':
      return /^[A-Za-z0-9._-]{1,64}$/.test(text)
        ? { value: text }
        : { error: 'Required: 1–64 characters of A–Z, a–z, 0–9, dot, underscore or dash' };
    case 'text':
      return { value: text };
    case 'issuer':
    case 'endpoint': {
      const error = checkEndpointUrl(text);
      return error === undefined ? { value: text } : { error };
    }
    case 'redirect':
      try {
        new URL(text);
        return { value: text };
      } catch {
        return { error: 'Not a valid URL' };
      }
    case 'image':
      return /^(https:|data:image\/)/i.test(text)
        ? { value: text }
        : { error: 'Must be an https:// URL or a data:image/ URL' };
    case 'scopes':
      return { value: text.split(/\s+/) };
    case 'algorithms': {
      const list = text.split(/[\s,]+/).filter(Boolean);
      const bad = list.find((a) => !values.includes(a));
      return bad === undefined
        ? { value: list }
        : { error: `Not one of ${values.join(', ')}: ${bad}` };
    }
    case 'origins': {
      const list = text.split(/[\s,]+/).filter(Boolean);
      const bad = list.find((o) => !isOrigin(o));
      return bad === undefined ? { value: list } : { error: `Not an origin: ${bad}` };
    }
    case 'map':
    case 'paths':
    case 'header': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { error: `Not JSON: ${(error as Error).message}` };
      }
      if (!isObject(value)) return { error: 'Must be a JSON object' };
      if (kind === 'map' && Object.values(value).some((v) => typeof v !== 'string')) {
        return { error: 'Every value must be a string' };
      }
      if (kind === 'header' && typeof value.name !== 'string') {
        return { error: 'Needs a "name"' };
      }
      return { value };
    }
    case 'enum':
      return values.includes(text) ? { value: text } : { error: `One of ${values.join(', ')}` };
    case 'integer': {
      const n = Number(text);
      if (!Number.isInteger(n)) return { error: 'A whole number' };
      if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
        return { error: `From ${min ?? '…'} to ${max ?? '…'}` };
      }
      return { value: n };
    }
    case 'boolean':
      return text === 'true' ? { value: true } : {};
  }
}

/**
 * Turns the form into a config, or into errors by field. The broker validates again on save
 * (core's `validateProviderConfig`); its error is mapped back to a field by {@link fieldOfMessage}.
 */
export function formToConfig(
  form: ProviderFormValues,
): { config: ProviderConfig; errors?: undefined } | { config?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const config: Record<string, unknown> = {};
  for (const f of FORM_FIELDS) {
    const name = f.field.name;
    const { value, error } = readField(f, form[name] ?? '');
    if (error !== undefined) errors[name] = error;
    else if (value !== undefined) config[name] = value;
    else if (f.field.required) {
      errors[name] =
        f.field.kind === 'id'
          ? 'Required: 1–64 characters of A–Z, a–z, 0–9, dot, underscore or dash'
          : 'Required';
    }
  }
  if (config.issuer === undefined && errors.issuer === undefined) {
    for (const name of ['authorizationEndpoint', 'tokenEndpoint'] as const) {
      if (config[name] === undefined && errors[name] === undefined) {
        errors[name] = 'Required when there is no issuer';
      }
    }
  }
  return Object.keys(errors).length > 0
    ? { errors }
    : { config: config as unknown as ProviderConfig };
}

/** The form field a validation message is about (core names the config key), if any. */
export function fieldOfMessage(message: string): ProviderField | undefined {
  // Longest names first: `tokenEndpoint` before a shorter name it contains.
  return [...NAMES]
    .sort((a, b) => b.length - a.length)
    .find((k) => new RegExp(`\\b${k}\\b`).test(message));
}
