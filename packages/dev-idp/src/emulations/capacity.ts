import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { startEmulation, type Emulation, type EmulationOptions } from './emulation-server.js';
import type { EmulatedProviderConfig, PlatformSpec, TokenFields } from './platform.js';

/** The header Capacity-style APIs read the bare access token from. */
export const CAPACITY_TOKEN_HEADER = 'X-Access-Token';

/**
 * The app logo registered with the emulated Capacity app: a 24×24 PNG as a `data:` URL (no https
 * here, and Latchkey refuses SVG logos, which can carry script).
 */
export const CAPACITY_LOGO_URI =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAASElEQVR42mOwjr5NFcQwAg36jwOQZtB/vIBYg/4TAQgbhEcDfrMYcCmlKLCpbxCl0T8SDBo0sUa1BEnNLELNTEvNYmS0zEZGAH+p5X6EvOMVAAAAAElFTkSuQmCC';

/**
 * A provider as the Capacity developer platform's OAuth config describes one: a token URL that
 * takes a JSON body only (a form body gets 415), a token response that nests the tokens
 * (`{"data":{"tokens":[{…}]}}`, read with JSON paths), a separate refresh token URL (the token URL
 * refuses the refresh grant), rotated refresh tokens, an API that wants the bare token in
 * `X-Access-Token`, and an app logo on the page where the user allows access.
 */
export const capacityPlatform: PlatformSpec = {
  title: 'Capacity app (emulated)',
  scopes: ['read', 'write'],
  paths: {
    authorize: '/v1/oauth/authorize',
    token: '/v1/oauth/token',
    refresh: '/v1/oauth/refresh',
    api: '/v1/me',
  },
  tokenRequestFormat: 'json',
  accessTokenTtl: 3600,
  refreshTokens: 'rotate',
  mintToken: () => randomBytes(32).toString('hex'),
  shapeTokenResponse: (fields: TokenFields) => ({ data: { tokens: [fields] } }),
  apiCredential: (req: IncomingMessage) => {
    const value = req.headers['x-access-token'];
    return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value) ? value : undefined;
  },
  bearerChallenge: false,
  subjectOf: (login) => login,
  apiBody: (_grant, sub) => ({ user: { id: sub, name: sub } }),
  logoUri: CAPACITY_LOGO_URI,
};

export interface CapacityEmulation extends Emulation {
  /** Latchkey's configuration for it: JSON requests, JSON paths, the refresh URL, the header. */
  providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
}

/** Starts the Capacity emulation on 127.0.0.1. @see {@link capacityPlatform} */
export async function startCapacityEmulation(
  options: EmulationOptions = {},
): Promise<CapacityEmulation> {
  const emulation = await startEmulation(capacityPlatform, options);
  const e = emulation.endpoints;
  return {
    ...emulation,
    providerConfig: (overrides = {}) => ({
      id: 'capacity',
      name: 'Capacity (emulated)',
      authorizationEndpoint: e.authorize,
      tokenEndpoint: e.token,
      refreshEndpoint: e.refresh!,
      clientId: emulation.clientId,
      scopes: ['read'],
      redirectUri: emulation.redirectUris[0]!,
      tokenRequestFormat: 'json',
      tokenResponse: {
        accessToken: '$.data.tokens[0].access_token',
        tokenType: '$.data.tokens[0].token_type',
        expiresIn: '$.data.tokens[0].expires_in',
        refreshToken: '$.data.tokens[0].refresh_token',
        scope: '$.data.tokens[0].scope',
      },
      tokenHeader: { name: CAPACITY_TOKEN_HEADER },
      logoUri: CAPACITY_LOGO_URI,
      resourceOrigins: [emulation.origin],
      ...overrides,
    }),
  };
}
