import { randomBytes } from 'node:crypto';

import { startEmulation, type Emulation, type EmulationOptions } from './emulation-server.js';
import { bearerCredential, type EmulatedProviderConfig, type PlatformSpec } from './platform.js';

/**
 * The Bipsync API's OAuth server as its introduction describes it: RFC 8414 metadata at
 * `/.well-known/oauth-authorization-server` (and no OpenID configuration), the authorization code
 * grant, the refresh token grant (rotated), the device authorization grant (RFC 8628), client
 * credentials for confidential apps only (a public client gets `unauthorized_client`), RFC 6749
 * §5.2 error responses, and an API that takes `Authorization: Bearer`. It documents no revocation.
 */
export const bipsyncPlatform: PlatformSpec = {
  title: 'Bipsync (emulated)',
  scopes: ['read', 'write'],
  paths: {
    metadata: '/.well-known/oauth-authorization-server',
    authorize: '/oauth/authorize',
    token: '/oauth/token',
    deviceAuthorization: '/oauth/device/code',
    deviceVerification: '/oauth/device',
    api: '/v1/users/me',
  },
  tokenRequestFormat: 'form',
  accessTokenTtl: 3600,
  refreshTokens: 'rotate',
  deviceGrant: true,
  clientCredentialsForConfidentialOnly: true,
  metadata: {
    grant_types_supported: [
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
  },
  mintToken: () => randomBytes(40).toString('base64url'),
  apiCredential: bearerCredential,
  bearerChallenge: true,
  subjectOf: (login) => login,
  apiBody: (_grant, sub) => ({ id: sub, username: sub, email: `${sub}@example.test` }),
};

export interface BipsyncEmulation extends Emulation {
  /** Latchkey's configuration for it: the issuer only (RFC 8414 discovery finds the rest). */
  providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
}

/** Starts the Bipsync emulation on 127.0.0.1. @see {@link bipsyncPlatform} */
export async function startBipsyncEmulation(
  options: EmulationOptions = {},
): Promise<BipsyncEmulation> {
  const emulation = await startEmulation(bipsyncPlatform, options);
  return {
    ...emulation,
    providerConfig: (overrides = {}) => ({
      id: 'bipsync',
      name: 'Bipsync (emulated)',
      issuer: emulation.issuer,
      clientId: emulation.clientId,
      scopes: ['read'],
      redirectUri: emulation.redirectUris[0]!,
      resourceOrigins: [emulation.origin],
      ...overrides,
    }),
  };
}
