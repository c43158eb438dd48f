import type { IncomingMessage } from 'node:http';

/** One authorization: who approved which scopes for which client. Tokens point at it. */
export interface Grant {
  id: string;
  clientId: string;
  /** The login typed at the sign-in page (any name is an account). */
  login: string;
  scopes: string[];
  /** The `nonce` of the authorization request (OpenID Connect Core 1.0 §3.1.2.1), if any. */
  nonce?: string;
}

/** The RFC 6749 §5.1 fields of one token response, before a platform shapes them. */
export interface TokenFields {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  id_token?: string;
}

/** The endpoint paths of a platform; those left out do not exist there. */
export interface PlatformPaths {
  authorize: string;
  token: string;
  /** A refresh URL apart from the token URL (Capacity): the token URL then refuses the grant. */
  refresh?: string;
  /** RFC 7009 revocation. */
  revoke?: string;
  userinfo?: string;
  /** RFC 8628 §3.1 device authorization. */
  deviceAuthorization?: string;
  /** RFC 8628 §3.3 verification page. */
  deviceVerification?: string;
  /** The public keys of signed id_tokens (JWK Set). */
  jwks?: string;
  /** RFC 8414 `/.well-known/oauth-authorization-server`. */
  metadata?: string;
  /** The protected API (`GET`): who the token belongs to. */
  api: string;
}

/**
 * What sets one platform apart; the shared server (emulation-server.ts) does the rest the same way
 * everywhere: PKCE S256 required, codes single-use for 60 s, exact redirect URIs, CORS.
 */
export interface PlatformSpec {
  /** Shown on the sign-in page and in logs (`Roblox Open Cloud (emulated)`). */
  title: string;
  /** Scopes the platform knows; others are `invalid_scope`. */
  scopes: string[];
  paths: PlatformPaths;
  /** The `issuer` of id_tokens and metadata; default the origin. */
  issuer?: (origin: string) => string;
  /** How the token (and refresh) URL wants its body. Revocation and device requests are forms. */
  tokenRequestFormat: 'form' | 'json';
  /** Access token lifetime in seconds. */
  accessTokenTtl: number;
  /**
   * `rotate`: every refresh answers a new refresh token and the old one stops working;
   * `keep`: refreshes answer no refresh token and the first one keeps working.
   */
  refreshTokens: 'rotate' | 'keep';
  /** Grants the token URL answers besides the code and refresh grants. */
  deviceGrant?: boolean;
  /** `client_credentials` exists for confidential clients: a public client gets `unauthorized_client`. */
  clientCredentialsForConfidentialOnly?: boolean;
  /** A new access or refresh token. */
  mintToken(kind: 'access' | 'refresh', grant: Grant): string;
  /** The token response as the platform sends it (default: the RFC 6749 §5.1 object). */
  shapeTokenResponse?(fields: TokenFields): unknown;
  /** An id_token for `grant`, when the platform issues them (Roblox); `origin` is the server's. */
  idToken?(grant: Grant, issuer: string): Promise<string> | string;
  /** The access token of an API (or userinfo) request, or undefined when it carries none. */
  apiCredential(req: IncomingMessage): string | undefined;
  /** Whether 401s carry `WWW-Authenticate: Bearer …` (RFC 6750 §3). */
  bearerChallenge: boolean;
  /** The subject identifier for a login. */
  subjectOf(login: string): string;
  /** What the protected API answers for a valid token. */
  apiBody(grant: Grant, subject: string): Record<string, unknown>;
  /** Userinfo claims (OpenID Connect Core 1.0 §5.3) for a grant with `openid`. */
  userinfo?(grant: Grant, subject: string): Record<string, unknown>;
  /** RFC 8414 metadata (without the endpoints, which the server fills in). */
  metadata?: Record<string, unknown>;
  /** The app logo the sign-in page shows (Capacity's "Logo url"). */
  logoUri?: string;
}

/** `Authorization: Bearer <b64token>` (RFC 6750 §2.1), the scheme case-insensitive. */
export function bearerCredential(req: IncomingMessage): string | undefined {
  return /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The Latchkey provider configuration that fits an emulated platform (the fields of
 * `@latchkey/core`'s `ProviderConfig` it needs), for tests and the demo.
 */
export interface EmulatedProviderConfig {
  id: string;
  name: string;
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  refreshEndpoint?: string;
  revocationEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  userinfoEndpoint?: string;
  clientId: string;
  scopes: string[];
  redirectUri: string;
  codeChallengeMethod?: 'S256' | 'SHA256';
  tokenRequestFormat?: 'form' | 'json';
  tokenResponse?: {
    accessToken?: string;
    tokenType?: string;
    expiresIn?: string;
    refreshToken?: string;
    scope?: string;
  };
  idTokenSigningAlgs?: string[];
  maxTokenLength?: number;
  tokenHeader?: { name: string; scheme?: string };
  logoUri?: string;
  resourceOrigins: string[];
}
