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

/** One provider setting: its name, kind, a label and help text for forms. */
export interface ProviderField {
  readonly name: keyof ProviderConfig;
  readonly kind: ProviderFieldKind;
  readonly label: string;
  readonly help: string;
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

/**
 * Every {@link ProviderConfig} setting, once. The validator takes its known keys and endpoint list
 * from here, the extension's managed-storage schema is tested against it, and forms can build their
 * fields from it.
 */
export const PROVIDER_FIELDS = [
  {
    name: 'id',
    kind: 'id',
    label: 'Provider id',
    help: 'Tells providers apart: 1–64 characters of A–Z a–z 0–9 . _ -',
    required: true,
  },
  { name: 'name', kind: 'text', label: 'Name', help: 'Shown to the user.' },
  {
    name: 'issuer',
    kind: 'issuer',
    label: 'Issuer',
    help: 'The authorization server’s issuer URL. Its metadata is discovered unless both the authorization and token endpoints are given; needed for OpenID Connect (openid scope) to check the id_token.',
  },
  {
    name: 'authorizationEndpoint',
    kind: 'endpoint',
    label: 'Authorization endpoint',
    help: 'Where the user signs in. With the token endpoint, no metadata is fetched.',
    metadata: 'authorization_endpoint',
  },
  {
    name: 'tokenEndpoint',
    kind: 'endpoint',
    label: 'Token endpoint',
    help: 'Where codes are exchanged for tokens.',
    metadata: 'token_endpoint',
  },
  {
    name: 'revocationEndpoint',
    kind: 'endpoint',
    label: 'Revocation endpoint',
    help: 'RFC 7009 token revocation, used at sign-out.',
    metadata: 'revocation_endpoint',
  },
  {
    name: 'deviceAuthorizationEndpoint',
    kind: 'endpoint',
    label: 'Device authorization endpoint',
    help: 'RFC 8628 device flow.',
    metadata: 'device_authorization_endpoint',
  },
  {
    name: 'userinfoEndpoint',
    kind: 'endpoint',
    label: 'Userinfo endpoint',
    help: 'OpenID Connect userinfo.',
    metadata: 'userinfo_endpoint',
  },
  {
    name: 'refreshEndpoint',
    kind: 'endpoint',
    label: 'Refresh endpoint',
    help: 'A separate URL for the refresh grant; default: the token endpoint.',
  },
  {
    name: 'clientId',
    kind: 'text',
    label: 'Client id',
    help: 'The public client’s id at the provider. Never a client secret.',
    required: true,
  },
  {
    name: 'scopes',
    kind: 'scopes',
    label: 'Scopes',
    help: 'Scopes to ask for; an entry with spaces ("openid profile") is split into scopes.',
  },
  {
    name: 'redirectUri',
    kind: 'redirect',
    label: 'Redirect URI',
    help: 'Registered redirect URI: https, loopback http, or an app’s own scheme; no fragment.',
  },
  {
    name: 'extraAuthParams',
    kind: 'map',
    label: 'Extra authorization parameters',
    help: 'Fixed parameters added to the authorization request; the ones Latchkey sets cannot be replaced.',
  },
  {
    name: 'extraTokenParams',
    kind: 'map',
    label: 'Extra token parameters',
    help: 'Fixed parameters added to token and refresh requests; they never replace the grant’s own.',
  },
  {
    name: 'codeChallengeMethod',
    kind: 'enum',
    label: 'PKCE method',
    help: 'S256 (SHA256 is another spelling of it); plain is refused.',
    values: ['S256', 'SHA256'],
  },
  {
    name: 'tokenResponse',
    kind: 'paths',
    label: 'Token response paths',
    help: 'Where a non-standard token response keeps each field: a dotted path or JSONPath ($.data.tokens[0].access_token).',
  },
  {
    name: 'tokenRequestFormat',
    kind: 'enum',
    label: 'Token request format',
    help: 'form (standard) or json.',
    values: ['form', 'json'],
  },
  {
    name: 'idTokenSigningAlgs',
    kind: 'algorithms',
    label: 'id_token algorithms',
    help: 'Accepted id_token signing algorithms when the server publishes no metadata; default RS256 and ES256.',
    values: ID_TOKEN_SIGNING_ALGS,
  },
  {
    name: 'maxTokenLength',
    kind: 'integer',
    label: 'Largest token',
    help: 'Longest accepted access token, in characters.',
    min: 2048,
    max: 1_000_000,
  },
  {
    name: 'allowedOrigins',
    kind: 'origins',
    label: 'Allowed sites',
    help: 'Sites that may use this provider without asking: https origins (http on loopback only).',
  },
  {
    name: 'resourceOrigins',
    kind: 'origins',
    label: 'API origins',
    help: 'Origins that may receive the access token: https origins (http on loopback only).',
  },
  {
    name: 'tokenHeader',
    kind: 'header',
    label: 'Token header',
    help: 'The header that carries the access token: name (default Authorization) and scheme (default Bearer).',
  },
  {
    name: 'logoUri',
    kind: 'image',
    label: 'Logo',
    help: 'An https URL, or a base64 data:image/png, jpeg, gif or webp URL (never SVG).',
  },
  {
    name: 'dpop',
    kind: 'boolean',
    label: 'DPoP',
    help: 'Bind tokens to a key kept with the session (RFC 9449).',
  },
  {
    name: 'par',
    kind: 'boolean',
    label: 'Pushed authorization requests',
    help: 'Send the authorization parameters to the server first (RFC 9126); unset: when the server advertises it.',
  },
  {
    name: 'silentReauth',
    kind: 'boolean',
    label: 'Silent re-authentication',
    help: 'Allow sign-in without any page (prompt=none) while the provider session lives. Default off.',
  },
] as const satisfies readonly ProviderField[];

/** The name of each {@link PROVIDER_FIELDS} entry. */
export type ProviderFieldName = (typeof PROVIDER_FIELDS)[number]['name'];

// Every ProviderConfig key has a field, and every field is a ProviderConfig key.
type Missing = Exclude<keyof ProviderConfig, ProviderFieldName>;
const everyFieldListed: [Missing] extends [never] ? true : Missing = true;
void everyFieldListed;

/** The endpoint settings (`kind: 'endpoint'`), with their metadata names where they have one. */
export const ENDPOINT_FIELDS = PROVIDER_FIELDS.filter(
  (f): f is Extract<(typeof PROVIDER_FIELDS)[number], { kind: 'endpoint' }> =>
    f.kind === 'endpoint',
);
