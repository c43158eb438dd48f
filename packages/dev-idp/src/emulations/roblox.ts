import { createHash, randomBytes } from 'node:crypto';

import { startEmulation, type Emulation, type EmulationOptions } from './emulation-server.js';
import { jti, signEs256 } from './id-token.js';
import { bearerCredential, type EmulatedProviderConfig, type PlatformSpec } from './platform.js';

/** Roblox's 15-minute access tokens, as its token responses count them (`expires_in: 899`). */
const ACCESS_TOKEN_TTL = 899;

const since = 1607354232;

/**
 * Roblox Open Cloud's OAuth 2.0 server as its app implementation guide describes it: OpenID
 * Connect with `openid profile`, `/oauth/v1/{authorize,token,token/revoke,userinfo,certs}`, no
 * discovery document a client reads, no `iss` in the callback, ES256 id_tokens whose issuer is
 * `<origin>/oauth/`, 15-minute access tokens, rotated refresh tokens, and error
 * callbacks with `error` and `error_description`. Its protected API is userinfo, the call the guide
 * tests an app with.
 */
export const robloxPlatform: PlatformSpec = {
  title: 'Roblox Open Cloud (emulated)',
  scopes: ['openid', 'profile'],
  issuer: (origin) => `${origin}/oauth/`,
  paths: {
    authorize: '/oauth/v1/authorize',
    token: '/oauth/v1/token',
    revoke: '/oauth/v1/token/revoke',
    userinfo: '/oauth/v1/userinfo',
    jwks: '/oauth/v1/certs',
    api: '/oauth/v1/userinfo',
  },
  tokenRequestFormat: 'form',
  accessTokenTtl: ACCESS_TOKEN_TTL,
  refreshTokens: 'rotate',
  mintToken: (kind) =>
    kind === 'refresh'
      ? randomBytes(96).toString('base64url')
      : randomBytes(48).toString('base64url'),
  idToken: (grant, issuer) => {
    const now = Math.floor(Date.now() / 1000);
    return signEs256({
      sub: subjectOf(grant.login),
      ...(grant.scopes.includes('profile') && profileClaims(grant.login)),
      ...(grant.nonce !== undefined && { nonce: grant.nonce }),
      jti: jti('ID'),
      nbf: now,
      exp: now + 3600,
      iat: now,
      iss: issuer,
      aud: grant.clientId,
    });
  },
  apiCredential: bearerCredential,
  bearerChallenge: true,
  subjectOf,
  apiBody: (grant, sub) => ({
    sub,
    ...(grant.scopes.includes('profile') && profileClaims(grant.login)),
  }),
  userinfo: (grant, sub) => ({
    sub,
    ...(grant.scopes.includes('profile') && profileClaims(grant.login)),
  }),
};

/** Roblox user ids are numbers: one derived from the login, stable across runs. */
function subjectOf(login: string): string {
  return String(parseInt(createHash('sha256').update(login).digest('hex').slice(0, 10), 16));
}

function profileClaims(login: string): Record<string, unknown> {
  return {
    name: login.charAt(0).toUpperCase() + login.slice(1),
    nickname: login,
    preferred_username: login,
    created_at: since,
    profile: `https://www.roblox.com/users/${subjectOf(login)}/profile`,
  };
}

export interface RobloxEmulation extends Emulation {
  /** Latchkey's configuration for it: endpoints and issuer (no discovery), ES256 id_tokens. */
  providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
}

/** Starts the Roblox Open Cloud emulation on 127.0.0.1. @see {@link robloxPlatform} */
export async function startRobloxEmulation(
  options: EmulationOptions = {},
): Promise<RobloxEmulation> {
  const emulation = await startEmulation(robloxPlatform, options);
  const e = emulation.endpoints;
  return {
    ...emulation,
    providerConfig: (overrides = {}) => ({
      id: 'roblox',
      name: 'Roblox (emulated)',
      issuer: emulation.issuer,
      authorizationEndpoint: e.authorize,
      tokenEndpoint: e.token,
      revocationEndpoint: e.revoke!,
      userinfoEndpoint: e.userinfo!,
      clientId: emulation.clientId,
      scopes: ['openid', 'profile'],
      redirectUri: emulation.redirectUris[0]!,
      idTokenSigningAlgs: ['ES256'],
      resourceOrigins: [emulation.origin],
      ...overrides,
    }),
  };
}
