/**
 * The configuration of one OAuth 2.0 / OpenID Connect provider. JSON-serialisable.
 * Either `issuer` (metadata discovery) or the endpoints are given.
 * @see packages/core/README.md
 */
export interface ProviderConfig {
  /** Tells providers apart (Bixby's `providerId`). `[A-Za-z0-9._-]`, 1–64 characters. */
  id: string;
  name?: string;
  /**
   * Discovery: RFC 8414 `/.well-known/oauth-authorization-server`, then OpenID Connect Discovery 1.0
   * — unless both `authorizationEndpoint` and `tokenEndpoint` are given: then nothing is fetched and
   * the issuer only checks `iss` and the id_token. Required with the `openid` scope.
   */
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  userinfoEndpoint?: string;
  clientId: string;
  /** Each entry may hold several space-separated scopes (`"openid profile"`); validation splits them. */
  scopes?: string[];
  redirectUri?: string;
  /** Fixed parameters added to every authorization request. */
  extraAuthParams?: Record<string, string>;
  /** `SHA256` is Bixby's spelling of S256. Nothing else (and never `plain`) is accepted. */
  codeChallengeMethod?: 'S256' | 'SHA256';
  /** JSON paths that map a non-standard token response onto the RFC 6749 §5.1 fields. */
  tokenResponse?: TokenResponsePaths;
  /**
   * Fixed parameters added to token and refresh requests. They add to what Latchkey sends; they
   * never replace `code_verifier`, `client_id` or the grant's own parameters.
   */
  extraTokenParams?: Record<string, string>;
  /**
   * A separate URL for the refresh grant (Capacity's "Refresh token url"); default `tokenEndpoint`.
   * Counts as part of the token's authority like every endpoint.
   */
  refreshEndpoint?: string;
  /**
   * How token requests (code exchange and refresh) are encoded: `form`
   * (`application/x-www-form-urlencoded`, RFC 6749 §4.1.3, the default) or `json` (a JSON object
   * with the same fields, for servers such as Capacity's that accept only JSON).
   */
  tokenRequestFormat?: 'form' | 'json';
  /**
   * The JWS algorithms accepted for id_tokens when the server publishes no
   * `id_token_signing_alg_values_supported` (no metadata). Default `['RS256', 'ES256']`.
   */
  idTokenSigningAlgs?: string[];
  /** Largest accepted access token, in characters (Bixby: 2,048). Default 16384. */
  maxTokenLength?: number;
  /** Sites that may use this provider through the extension without asking (pre-granted). */
  allowedOrigins?: string[];
  /** Origins that may receive this provider's access token (`fetch`). */
  resourceOrigins?: string[];
  /**
   * How the access token is sent to APIs by `fetch`: the header `name` (default `Authorization`)
   * and `scheme` (default `Bearer` for `Authorization`, none for another header, which then
   * carries the bare token, e.g. `X-Access-Token: <token>`). DPoP providers always use
   * `Authorization: DPoP`.
   */
  tokenHeader?: TokenHeader;
  /** The app's logo, shown where the user allows access: an `https:` URL or a `data:image/…` URL. */
  logoUri?: string;
  /**
   * RFC 9449 DPoP: tokens bound to a non-extractable key kept with the session; a bearer token from
   * the server is refused. Needs `createClient` (the extension's broker) or `createCodeFlowClient`
   * with `dpopSupport` (`@latchkey/web/dpop` in page mode).
   */
  dpop?: boolean;
  /**
   * RFC 9126 pushed authorization requests: `true` always pushes (the server must advertise
   * `pushed_authorization_request_endpoint`), `false` never does; unset, they are pushed when the
   * server advertises the endpoint. The URL the user is sent to then carries only `client_id` and
   * `request_uri`.
   */
  par?: boolean;
  /**
   * Allows silent re-authentication (`beginSilentAuthorization`: OIDC `prompt=none`, with the
   * session's id_token as `id_token_hint`), for providers known to answer it. Default off.
   */
  silentReauth?: boolean;
}

/** How the access token travels to an API; see {@link ProviderConfig.tokenHeader}. */
export interface TokenHeader {
  name: string;
  scheme?: string;
}

/**
 * JSON paths into a non-standard token response: dotted (`authed_user.access_token`) or JSONPath
 * with `$`, dots, brackets and array indexes (`$.data.tokens[0].access_token`).
 */
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

/**
 * One account of a provider with a session (`listAccounts`): who it is (from the id_token claims
 * where there was one), whether it is the provider's current account, and its scopes and expiry.
 */
export interface AccountSummary {
  provider: string;
  /** The id_token's `sub`; `''` for a session without an id_token. */
  account: string;
  name?: string;
  email?: string;
  preferredUsername?: string;
  /** The provider's current account: calls without `account` use it. */
  current: boolean;
  scopes: string[];
  /** When the session's access token expires, epoch milliseconds, if known. */
  expiresAt?: number;
}
