/**
 * The configuration of one OAuth 2.0 / OpenID Connect provider. JSON-serialisable.
 * Either `issuer` (metadata discovery) or the endpoints are given.
 * @see DESIGN.md "The public surface"
 */
export interface ProviderConfig {
  /** Tells providers apart (Bixby's `providerId`). `[A-Za-z0-9._-]`, 1–64 characters. */
  id: string;
  name?: string;
  /** Discovery: RFC 8414 `/.well-known/oauth-authorization-server`, then OpenID Connect Discovery 1.0. */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  userinfoEndpoint?: string;
  clientId: string;
  scopes?: string[];
  redirectUri?: string;
  /** Fixed parameters added to every authorization request. */
  extraAuthParams?: Record<string, string>;
  /** `SHA256` is Bixby's spelling of S256. Nothing else (and never `plain`) is accepted. */
  codeChallengeMethod?: 'S256' | 'SHA256';
  /** JSON paths that map a non-standard token response onto the RFC 6749 §5.1 fields. */
  tokenResponse?: TokenResponsePaths;
  /** Fixed parameters added to token and refresh requests. */
  extraTokenParams?: Record<string, string>;
  /** Largest accepted access/refresh/id token, in characters. Default 16384. */
  maxTokenLength?: number;
  /** Sites that may use this provider through the extension without asking (pre-granted). */
  allowedOrigins?: string[];
  /** Origins that may receive this provider's access token (`fetch`). */
  resourceOrigins?: string[];
  /**
   * RFC 9449 DPoP: tokens bound to a non-extractable key kept with the session; a bearer token from
   * the server is refused. Needs `createClient` (the extension's broker) or `createCodeFlowClient`
   * with `dpopSupport` (`@latchkey/web/dpop` in page mode).
   */
  dpop?: boolean;
}

/** Dotted JSON paths (`authed_user.access_token`) into a non-standard token response. */
export interface TokenResponsePaths {
  accessToken?: string;
  tokenType?: string;
  expiresIn?: string;
  refreshToken?: string;
  scope?: string;
  idToken?: string;
}

/** What may leave the core: never the refresh token. */
export interface TokenInfo {
  provider: string;
  accessToken: string;
  /** As the server sent it (`Bearer`, `DPoP`, …); compare case-insensitively. */
  tokenType: string;
  /** Epoch milliseconds; `undefined` when the server sent no `expires_in`. */
  expiresAt?: number;
  scopes: string[];
  account?: AccountInfo;
}

/** Who the tokens belong to, from the id_token claims where there was one. */
export interface AccountInfo {
  sub: string;
  name?: string;
  email?: string;
  preferredUsername?: string;
}
