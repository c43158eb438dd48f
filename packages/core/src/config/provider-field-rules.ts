import type { ProviderConfig } from '../types.js';

/**
 * What kind of value a provider setting holds, which decides how it is checked and edited:
 * - `id`: `[A-Za-z0-9._-]`, 1–64 characters;
 * - `text`: a non-empty string;
 * - `issuer`: an https (or loopback http) URL without query or fragment, kept as written;
 * - `endpoint`: an https (or loopback http) URL without fragment;
 * - `redirect`: an absolute URL without fragment; http only on loopback; custom schemes allowed;
 * - `scopes`: scope tokens (a space-separated entry is split);
 * - `origins`: exact origins, https or loopback http;
 * - `map`: an object of string parameters;
 * - `paths`: an object of JSON paths per token field;
 * - `enum`: one of `values`;
 * - `algorithms`: a list drawn from `values`;
 * - `integer`: an integer from `min` to `max`;
 * - `header`: `{ name, scheme? }`;
 * - `image`: an https URL or a base64 `data:image/…` URL;
 * - `boolean`.
 */
export type ProviderFieldKind =
  | 'id'
  | 'text'
  | 'issuer'
  | 'endpoint'
  | 'redirect'
  | 'scopes'
  | 'origins'
  | 'map'
  | 'paths'
  | 'enum'
  | 'algorithms'
  | 'integer'
  | 'header'
  | 'image'
  | 'boolean';

/**
 * The JWS algorithms an id_token may be signed with: asymmetric ones that WebCrypto verifies
 * (never `none`, never a MAC with a secret a public client does not have).
 * @see RFC 7518 §3.1, RFC 8037 §3.1 (EdDSA)
 */
export const ID_TOKEN_SIGNING_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** Accepted id_token algorithms for a server that publishes none (no metadata). */
export const DEFAULT_ID_TOKEN_SIGNING_ALGS = ['RS256', 'ES256'] as const;

/** What the validator and discovery need of one provider setting (no text for people). */
export interface ProviderFieldRule {
  readonly name: keyof ProviderConfig;
  readonly kind: ProviderFieldKind;
  readonly required?: boolean;
  /** `enum` and `algorithms`: the accepted values. */
  readonly values?: readonly string[];
  /** `integer`: bounds. */
  readonly min?: number;
  readonly max?: number;
  /** `endpoint`: the RFC 8414 / OpenID Connect Discovery metadata name it overrides. */
  readonly metadata?: string;
}

/**
 * Every {@link ProviderConfig} setting, once, without labels or help (those are in
 * `provider-fields.ts`, for forms): the validator takes its known keys and endpoint list from here,
 * so that a bundle that validates configs does not carry text meant for an options page.
 */
export const PROVIDER_FIELD_RULES = [
  {
    name: 'id',
    kind: 'id',
    required: true,
  },
  { name: 'name', kind: 'text' },
  {
    name: 'issuer',
    kind: 'issuer',
  },
  {
    name: 'authorizationEndpoint',
    kind: 'endpoint',
    metadata: 'authorization_endpoint',
  },
  {
    name: 'tokenEndpoint',
    kind: 'endpoint',
    metadata: 'token_endpoint',
  },
  {
    name: 'revocationEndpoint',
    kind: 'endpoint',
    metadata: 'revocation_endpoint',
  },
  {
    name: 'deviceAuthorizationEndpoint',
    kind: 'endpoint',
    metadata: 'device_authorization_endpoint',
  },
  {
    name: 'userinfoEndpoint',
    kind: 'endpoint',
    metadata: 'userinfo_endpoint',
  },
  {
    name: 'refreshEndpoint',
    kind: 'endpoint',
  },
  {
    name: 'clientId',
    kind: 'text',
    required: true,
  },
  {
    name: 'scopes',
    kind: 'scopes',
  },
  {
    name: 'redirectUri',
    kind: 'redirect',
  },
  {
    name: 'extraAuthParams',
    kind: 'map',
  },
  {
    name: 'extraTokenParams',
    kind: 'map',
  },
  {
    name: 'codeChallengeMethod',
    kind: 'enum',
    values: ['S256', 'SHA256'],
  },
  {
    name: 'tokenResponse',
    kind: 'paths',
  },
  {
    name: 'tokenRequestFormat',
    kind: 'enum',
    values: ['form', 'json'],
  },
  {
    name: 'idTokenSigningAlgs',
    kind: 'algorithms',
    values: ID_TOKEN_SIGNING_ALGS,
  },
  {
    name: 'maxTokenLength',
    kind: 'integer',
    min: 2048,
    max: 1_000_000,
  },
  {
    name: 'allowedOrigins',
    kind: 'origins',
  },
  {
    name: 'resourceOrigins',
    kind: 'origins',
  },
  {
    name: 'tokenHeader',
    kind: 'header',
  },
  {
    name: 'logoUri',
    kind: 'image',
  },
  {
    name: 'dpop',
    kind: 'boolean',
  },
  {
    name: 'par',
    kind: 'boolean',
  },
  {
    name: 'silentReauth',
    kind: 'boolean',
  },
] as const satisfies readonly ProviderFieldRule[];

/** The name of each {@link PROVIDER_FIELD_RULES} entry. */
export type ProviderFieldName = (typeof PROVIDER_FIELD_RULES)[number]['name'];

// Every ProviderConfig key has a field, and every field is a ProviderConfig key.
type Missing = Exclude<keyof ProviderConfig, ProviderFieldName>;
const everyFieldListed: [Missing] extends [never] ? true : Missing = true;
void everyFieldListed;

/** The endpoint settings (`kind: 'endpoint'`), with their metadata names where they have one. */
export const ENDPOINT_FIELDS = PROVIDER_FIELD_RULES.filter(
  (f): f is Extract<(typeof PROVIDER_FIELD_RULES)[number], { kind: 'endpoint' }> =>
    f.kind === 'endpoint',
);
