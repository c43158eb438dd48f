/** Which endpoint of the dev IdP a request went to. */
export type DevIdpEndpoint =
  | 'discovery'
  | 'authorization'
  | 'interaction'
  | 'token'
  | 'revocation'
  | 'introspection'
  | 'userinfo'
  | 'device'
  | 'device_verification'
  | 'jwks'
  | 'api'
  | 'other';

export interface TamperContext {
  endpoint: DevIdpEndpoint;
  method: string;
  path: string;
  /**
   * `true` on `GET /auth/:uid`, where oidc-provider resumes an authorization request after its
   * login or consent page; the redirect to the client comes from there after an interaction.
   */
  resume?: true;
  /** `grant_type` of a token request. */
  grantType?: string;
  /** The form body of a POST, when there was one. */
  body?: URLSearchParams;
  /** The request's `Origin` header (a browser's CORS request). */
  origin?: string;
}

/**
 * What a {@link TamperHook} may do to a request, for adversarial tests:
 * - `{ status, body, headers? }` answer instead of the provider (the provider never sees the request);
 * - `{ hang: true }` never answer (until the client gives up or `close()`);
 * - `{ delayMs, then? }` wait, then go on with `then` (another action) or the provider's answer;
 * - `{ rewriteRedirect }` let the provider answer, then change its `Location` (e.g. drop or forge
 *   the RFC 9207 `iss` of an authorization response);
 * - `{ rewriteJson }` let the provider answer, then reshape its JSON body (token, userinfo, errors).
 */
export type TamperAction =
  | { status: number; body: string; headers?: Record<string, string> }
  | { hang: true }
  | { delayMs: number; then?: TamperAction }
  | { rewriteRedirect: (location: URL) => URL }
  | { rewriteJson: (json: Record<string, unknown>) => unknown };

export type TamperHook = (
  ctx: TamperContext,
) => TamperAction | undefined | Promise<TamperAction | undefined>;

/** Maps a request path of oidc-provider's default routes to the endpoint it serves. */
export function endpointOf(path: string): DevIdpEndpoint {
  if (path.startsWith('/.well-known/')) return 'discovery';
  if (path === '/auth' || path.startsWith('/auth/')) return 'authorization';
  if (path.startsWith('/interaction/')) return 'interaction';
  if (path === '/token') return 'token';
  if (path === '/token/revocation') return 'revocation';
  if (path === '/token/introspection') return 'introspection';
  if (path === '/me') return 'userinfo';
  if (path === '/device/auth') return 'device';
  if (path === '/device' || path.startsWith('/device/')) return 'device_verification';
  if (path === '/jwks') return 'jwks';
  if (path.startsWith('/api/')) return 'api';
  return 'other';
}
