import { randomInt } from 'node:crypto';

import { startEmulation, type Emulation, type EmulationOptions } from './emulation-server.js';
import { bearerCredential, type EmulatedProviderConfig, type PlatformSpec } from './platform.js';

/** The characters of an RFC 6750 §2.1 `b64token`, besides the trailing `=` padding. */
export const B64TOKEN_CHARS =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/';

/** Bixby's longest supported access token. */
export const BIXBY_MAX_TOKEN_LENGTH = 2048;

/**
 * A token of exactly 2,048 characters that uses every `b64token` character and ends in `==`: the
 * longest and least URL-friendly token Bixby's limit allows.
 * @see RFC 6750 §2.1
 */
export function maximalB64Token(): string {
  const body = [...B64TOKEN_CHARS];
  while (body.length < BIXBY_MAX_TOKEN_LENGTH - 2)
    body.push(B64TOKEN_CHARS[randomInt(B64TOKEN_CHARS.length)]!);
  for (let i = body.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [body[i], body[j]] = [body[j]!, body[i]!];
  }
  return `${body.join('')}==`;
}

/**
 * An OAuth provider as a Bixby capsule must find it (the "Authorizing Access With OAuth" pages):
 * authorization code with PKCE S256 on the wire (the capsule config may spell it `SHA256`), token
 * and revoke endpoints like the guide's `api.myService.com/login/v3/oauth` example, access tokens
 * that live 5 seconds (`expires_in: 5`, as the guide's token endpoint returns) and are exactly 2,048
 * characters using every `b64token` character, and refreshes that answer no new refresh token (the
 * first one stays valid). HTTPS only in production; loopback http here.
 */
export const bixbyPlatform: PlatformSpec = {
  title: 'Bixby capsule provider (emulated)',
  scopes: ['profile', 'contacts.read'],
  paths: {
    authorize: '/login/v3/oauth',
    token: '/login/v3/oauth/access',
    revoke: '/login/v3/oauth/revoke',
    api: '/v1/me',
  },
  tokenRequestFormat: 'form',
  accessTokenTtl: 5,
  refreshTokens: 'keep',
  mintToken: maximalB64Token,
  apiCredential: bearerCredential,
  bearerChallenge: true,
  subjectOf: (login) => login,
  apiBody: (_grant, sub) => ({ id: sub, displayName: sub }),
};

export interface BixbyEmulation extends Emulation {
  /** Latchkey's configuration for it: endpoints, `SHA256`, the 2,048-character limit. */
  providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
}

/** Starts the Bixby provider emulation on 127.0.0.1. @see {@link bixbyPlatform} */
export async function startBixbyEmulation(options: EmulationOptions = {}): Promise<BixbyEmulation> {
  const emulation = await startEmulation(bixbyPlatform, options);
  const e = emulation.endpoints;
  return {
    ...emulation,
    providerConfig: (overrides = {}) => ({
      id: 'bixby',
      name: 'Bixby provider (emulated)',
      authorizationEndpoint: e.authorize,
      tokenEndpoint: e.token,
      revocationEndpoint: e.revoke!,
      clientId: emulation.clientId,
      scopes: ['profile'],
      redirectUri: emulation.redirectUris[0]!,
      codeChallengeMethod: 'SHA256',
      maxTokenLength: BIXBY_MAX_TOKEN_LENGTH,
      resourceOrigins: [emulation.origin],
      ...overrides,
    }),
  };
}
