import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

/** The scope `/api/read` requires. */
export const API_READ_SCOPE = 'api:read';

/**
 * The protected demo API: `GET /api/me`, `ANY /api/echo` and `GET /api/read` (needs `api:read`),
 * checking `Authorization: Bearer` by looking the access token up in the provider (in-process
 * introspection, so a revoked or expired token is refused at once).
 * @see RFC 6750 §2.1 (the header), §3 (`WWW-Authenticate` on a missing or invalid token),
 *   §3.1 (`insufficient_scope`)
 */
export async function handleDemoApi(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  corsOrigin: string | undefined,
): Promise<void> {
  if (corsOrigin) {
    res.setHeader('Access-Control-Allow-Origin', corsOrigin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
  }
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader(
      'Access-Control-Allow-Headers',
      req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, DPoP',
    );
    res.setHeader('Access-Control-Max-Age', '600');
    res.writeHead(204).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const auth = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(auth);
  if (!match) {
    return send(
      res,
      401,
      { error: 'invalid_token', error_description: 'no bearer token' },
      // RFC 6750 §3.1 would leave the error code out when no token came; the lead's contract asks
      // for `invalid_token` on every 401 so clients need one rule.
      'Bearer realm="latchkey-demo", error="invalid_token", error_description="no bearer token"',
    );
  }
  const token = await provider.AccessToken.find(match[1]!);
  if (!token || token.isExpired || !token.accountId) {
    return send(
      res,
      401,
      { error: 'invalid_token', error_description: 'the access token is invalid or expired' },
      'Bearer realm="latchkey-demo", error="invalid_token", error_description="the access token is invalid or expired"',
    );
  }
  const who = {
    sub: token.accountId,
    scope: token.scope,
    client_id: token.clientId,
    exp: token.exp,
  };
  if (path === '/api/me') return send(res, 200, who);
  if (path === '/api/read') {
    if (!(token.scope ?? '').split(' ').includes(API_READ_SCOPE)) {
      return send(
        res,
        403,
        { error: 'insufficient_scope', error_description: `needs the ${API_READ_SCOPE} scope` },
        `Bearer realm="latchkey-demo", error="insufficient_scope", scope="${API_READ_SCOPE}"`,
      );
    }
    return send(res, 200, { ...who, data: ['read', 'only'] });
  }
  if (path === '/api/echo') {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'authorization' && name !== 'cookie'),
    );
    return send(res, 200, { ...who, method: req.method, headers, body });
  }
  return send(res, 404, { error: 'not_found' });
}

function send(res: ServerResponse, status: number, json: unknown, wwwAuthenticate?: string): void {
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  if (wwwAuthenticate) res.setHeader('WWW-Authenticate', wwwAuthenticate);
  res.writeHead(status).end(JSON.stringify(json));
}
