import {
  PROVIDER_FIELD_RULES,
  type ProviderFieldName,
  type ProviderFieldRule,
} from './provider-field-rules.js';

export * from './provider-field-rules.js';

/** One provider setting: its name, kind, a label and help text for forms. */
export interface ProviderField extends ProviderFieldRule {
  readonly label: string;
  readonly help: string;
}

/** The label and help text of each setting, for forms (one entry per {@link PROVIDER_FIELD_RULES} name). */
const PROVIDER_FIELD_TEXT: Record<ProviderFieldName, { label: string; help: string }> = {
  id: { label: 'Provider id', help: 'Tells providers apart: 1–64 characters of A–Z a–z 0–9 . _ -' },
  name: { label: 'Name', help: 'Shown to the user.' },
  issuer: {
    label: 'Issuer',
    help: 'The authorization server’s issuer URL. Its metadata is discovered unless both the authorization and token endpoints are given; needed for OpenID Connect (openid scope) to check the id_token.',
  },
  authorizationEndpoint: {
    label: 'Authorization endpoint',
    help: 'Where the user signs in. With the token endpoint, no metadata is fetched.',
  },
  tokenEndpoint: { label: 'Token endpoint', help: 'Where codes are exchanged for tokens.' },
  revocationEndpoint: {
    label: 'Revocation endpoint',
    help: 'RFC 7009 token revocation, used at sign-out.',
  },
  deviceAuthorizationEndpoint: {
    label: 'Device authorization endpoint',
    help: 'RFC 8628 device flow.',
  },
  userinfoEndpoint: { label: 'Userinfo endpoint', help: 'OpenID Connect userinfo.' },
  refreshEndpoint: {
    label: 'Refresh endpoint',
    help: 'A separate URL for the refresh grant; default: the token endpoint.',
  },
  clientId: {
    label: 'Client id',
    help: 'The public client’s id at the provider. Never a client secret.',
  },
  scopes: {
    label: 'Scopes',
    help: 'Scopes to ask for; an entry with spaces ("openid profile") is split into scopes.',
  },
  redirectUri: {
    label: 'Redirect URI',
    help: 'Registered redirect URI: https, loopback http, or an app’s own scheme; no fragment.',
  },
  extraAuthParams: {
    label: 'Extra authorization parameters',
    help: 'Fixed parameters added to the authorization request; the ones Latchkey sets cannot be replaced.',
  },
  extraTokenParams: {
    label: 'Extra token parameters',
    help: 'Fixed parameters added to token and refresh requests; they never replace the grant’s own.',
  },
  codeChallengeMethod: {
    label: 'PKCE method',
    help: 'S256 (SHA256 is another spelling of it); plain is refused.',
  },
  tokenResponse: {
    label: 'Token response paths',
    help: 'Where a non-standard token response keeps each field: a dotted path or JSONPath ($.data.tokens[0].access_token).',
  },
  tokenRequestFormat: { label: 'Token request format', help: 'form (standard) or json.' },
  idTokenSigningAlgs: {
    label: 'id_token algorithms',
    help: 'Accepted id_token signing algorithms when the server publishes no metadata; default RS256 and ES256.',
  },
  maxTokenLength: { label: 'Largest token', help: 'Longest accepted access token, in characters.' },
  allowedOrigins: {
    label: 'Allowed sites',
    help: 'Sites that may use this provider without asking: https origins (http on loopback only).',
  },
  resourceOrigins: {
    label: 'API origins',
    help: 'Origins that may receive the access token: https origins (http on loopback only).',
  },
  tokenHeader: {
    label: 'Token header',
    help: 'The header that carries the access token: name (default Authorization) and scheme (default Bearer).',
  },
  logoUri: {
    label: 'Logo',
    help: 'An https URL, or a base64 data:image/png, jpeg, gif or webp URL (never SVG).',
  },
  dpop: { label: 'DPoP', help: 'Bind tokens to a key kept with the session (RFC 9449).' },
  par: {
    label: 'Pushed authorization requests',
    help: 'Send the authorization parameters to the server first (RFC 9126); unset: when the server advertises it.',
  },
  silentReauth: {
    label: 'Silent re-authentication',
    help: 'Allow sign-in without any page (prompt=none) while the provider session lives. Default off.',
  },
};

/**
 * Every `ProviderConfig` setting, once, with a label and help text: the extension's
 * managed-storage schema is tested against it, and forms build their fields from it. The rules
 * alone are {@link PROVIDER_FIELD_RULES}.
 */
export const PROVIDER_FIELDS: readonly ProviderField[] = /* @__PURE__ */ PROVIDER_FIELD_RULES.map(
  (rule) => ({
    ...rule,
    ...PROVIDER_FIELD_TEXT[rule.name],
  }),
);
