import { randomBytes } from 'node:crypto';

import { errors, type ClientMetadata, type Configuration, type JWKS } from 'oidc-provider';

import { findAccount } from './accounts.js';
import { devicePages } from './device-pages.js';
import type { MemoryStore } from './memory-store.js';

export interface ProviderConfigOptions {
  /** The IdP's issuer (its origin): resource indicators under `<issuer>/api` are its APIs. */
  issuer: string;
  clientId: string;
  redirectUris: string[];
  corsOrigins: string[];
  accessTokenTtl: number;
  rotateRefreshTokens: boolean;
  deviceCodeTtl: number;
  dpopNonce: boolean;
  /** RFC 9126 PAR: `false` off (not advertised), `true` on, `'required'` the only way in. */
  par: boolean | 'required';
  extraClients: ClientMetadata[];
  jwks: JWKS;
  store: MemoryStore;
}

/** The scopes the dev IdP knows; `api:read` is a plain OAuth scope for the demo API (no resource). */
export const SCOPES = ['openid', 'offline_access', 'profile', 'email', 'api:read'];

const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** Whether `origin` is a loopback http origin (any port). */
export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin);
}

/**
 * Whether `origin` is one of `allowed`. An entry `moz-extension://*` stands for every Firefox
 * extension origin: Firefox gives an add-on a random `moz-extension://<uuid>` per profile, so a dev
 * setup cannot name it in advance (a development convenience; a real IdP names its clients' origins).
 */
export function corsOriginAllowed(allowed: ReadonlySet<string>, origin: string): boolean {
  if (allowed.has(origin)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(origin)?.[1];
  return scheme === 'moz-extension' && allowed.has('moz-extension://*');
}

/**
 * oidc-provider's configuration for a public client: no client authentication, PKCE S256 required,
 * refresh tokens (rotated unless told otherwise), revocation, introspection, userinfo, device flow.
 */
export function providerConfiguration(options: ProviderConfigOptions): Configuration {
  const allowed = new Set(options.corsOrigins);
  const publicClient: ClientMetadata = {
    client_id: options.clientId,
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    grant_types: [
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    response_types: ['code'],
    redirect_uris: options.redirectUris,
    // RP-Initiated Logout 1.0 §3: where the client may be sent back after logout.
    post_logout_redirect_uris: options.redirectUris,
  };
  return {
    clients: [publicClient, ...options.extraClients],
    adapter: options.store.factory,
    jwks: options.jwks,
    findAccount,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: SCOPES,
    // The id_token carries the claims of the granted scopes (name, email, ...), not only `sub`, as
    // most providers do; userinfo has them too.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
      deviceFlow: { enabled: true, ...devicePages },
      // RFC 9449: on by default in oidc-provider; nonces (§8) only when a test asks for them.
      // RFC 8707: `<issuer>/api` and every URI under `<issuer>/api/` are resource servers whose
      // access tokens are JWTs with the resource as `aud` (RFC 9068), carrying `api:read` only.
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!isDevApi(options.issuer, resource)) throw new errors.InvalidTarget();
          return {
            scope: 'api:read',
            audience: resource,
            accessTokenTTL: options.accessTokenTtl,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
      // RFC 9126 (on by default in oidc-provider): off unless asked, so flows stay as they were.
      pushedAuthorizationRequests: {
        enabled: options.par !== false,
        requirePushedAuthorizationRequests: options.par === 'required',
      },
      // OpenID Connect RP-Initiated Logout 1.0 (on by default in oidc-provider), said explicitly.
      rpInitiatedLogout: { enabled: true },
      dPoP: options.dpopNonce
        ? { enabled: true, nonceSecret: randomBytes(32), requireNonce: () => true }
        : { enabled: true },
    },
    // A public client gets a refresh token whenever it may use the refresh_token grant, without the
    // offline_access + prompt=consent dance (the default), as most providers in the seeds do.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens outlive the IdP's browser session (by default they end with it unless offline_access
    // was granted), so a demo left open keeps refreshing after the session cookie expires.
    expiresWithSession: async () => false,
    rotateRefreshToken: () => options.rotateRefreshTokens,
    pkce: { required: () => true },
    ttl: {
      AccessToken: options.accessTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: options.deviceCodeTtl,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    // Loopback pages, the configured origins (an extension's chrome-extension:// origin, the demo)
    // and the client's redirect URI origins may call the token endpoints from a browser.
    clientBasedCORS: (_ctx, origin, client) =>
      isLoopbackOrigin(origin) ||
      corsOriginAllowed(allowed, origin) ||
      client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) === true,
    cookies: { keys: ['latchkey-dev-idp-cookie-key'] },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Error</title><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
  };
}

/** Whether `resource` is the dev IdP's API: `<issuer>/api` or a URI under `<issuer>/api/`. */
export function isDevApi(issuer: string, resource: string): boolean {
  const base = `${issuer.replace(/\/$/, '')}/api`;
  return resource === base || (resource.startsWith(`${base}/`) && !/[?#]/.test(resource));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
