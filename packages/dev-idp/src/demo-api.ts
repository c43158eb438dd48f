import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

import { checkDpopProof, DPOP_ALGS } from './dpop-proof.js';

/** The scope `/api/read` requires. */
export const API_READ_SCOPE = 'api:read';

const REALM = 'latchkey-demo';

export interface DemoApiContext {
  provider: Provider;
  /** The server's origin, for the DPoP `htu` check. */
  origin: string;
  /** The request's `Origin` when it is allowed to read the answer (CORS), else undefined. */
  corsOrigin: string | undefined;
  /** DPoP proof ids seen recently (replay check). */
  seenJti: Map<string, number>;
  /** When set, DPoP proofs must carry this nonce; others get `use_dpop_nonce` (RFC 9449 §9). */
  dpopNonce?: string;
}

/**
 * The protected demo API: `GET /api/me`, `ANY /api/echo`, `ANY /api/bytes` (answers the request
 * body's bytes as they came, `application/octet-stream`) and `GET /api/read` (needs `api:read`).
 * It takes `Authorization: Bearer <token>`, or `Authorization: DPoP <token>` with a `DPoP` proof
 * for a DPoP-bound token, and looks the token up in the provider (in-process introspection, so a
 * revoked or expired token is refused at once).
 * @see RFC 6750 §2.1 (the header), §3 (`WWW-Authenticate`), §3.1 (`insufficient_scope`)
 * @see RFC 9449 §7.1 (DPoP-bound tokens at the resource server)
 */
export async function handleDemoApi(
  ctx: DemoApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
): Promise<void> {
  if (ctx.corsOrigin) {
    res.setHeader('Access-Control-Allow-Origin', ctx.corsOrigin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
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
  const url = new URL(req.url ?? '/', ctx.origin);
  const match = /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(req.headers.authorization ?? '');
  // RFC 6750 §3.1 would leave the error code out when no token came; the team's contract asks for
  // `invalid_token` on every 401 so clients need one rule.
  if (!match) return unauthorized(res, 'Bearer', 'invalid_token', 'no bearer token');
  const scheme = match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  const accessToken = match[2]!;
  const token = await ctx.provider.AccessToken.find(accessToken);
  if (!token || token.isExpired || !token.accountId) {
    return unauthorized(res, scheme, 'invalid_token', 'the access token is invalid or expired');
  }
  const jkt = (token as { jkt?: string }).jkt;
  if (jkt) {
    if (scheme !== 'DPoP')
      return unauthorized(res, 'DPoP', 'invalid_token', 'a DPoP-bound token needs the DPoP scheme');
    const proof = req.headers.dpop;
    if (typeof proof !== 'string')
      return unauthorized(res, 'DPoP', 'invalid_dpop_proof', 'one DPoP proof is required');
    const problem = checkDpopProof(proof, {
      method: req.method ?? 'GET',
      url: url.href,
      accessToken,
      jkt,
      seenJti: ctx.seenJti,
    });
    if (problem) return unauthorized(res, 'DPoP', 'invalid_dpop_proof', problem);
    if (ctx.dpopNonce !== undefined && proofNonce(proof) !== ctx.dpopNonce) {
      res.setHeader('DPoP-Nonce', ctx.dpopNonce);
      return unauthorized(res, 'DPoP', 'use_dpop_nonce', 'the proof must carry the server nonce');
    }
  } else if (scheme === 'DPoP') {
    return unauthorized(res, 'Bearer', 'invalid_token', 'the access token is not DPoP-bound');
  }
  const who = {
    sub: token.accountId,
    scope: token.scope,
    client_id: token.clientId,
    exp: token.exp,
    token_type: scheme,
  };
  switch (url.pathname) {
    case '/api/me':
      return send(res, 200, who);
    case '/api/read':
      if (!(token.scope ?? '').split(' ').includes(API_READ_SCOPE)) {
        return send(
          res,
          403,
          { error: 'insufficient_scope', error_description: `needs the ${API_READ_SCOPE} scope` },
          `${scheme} realm="${REALM}", error="insufficient_scope", scope="${API_READ_SCOPE}"`,
        );
      }
      return send(res, 200, { ...who, data: ['read', 'only'] });
    case '/api/echo': {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([name]) => name !== 'authorization' && name !== 'cookie' && name !== 'dpop',
        ),
      );
      return send(res, 200, { ...who, method: req.method, headers, body: bytes.toString('utf8') });
    }
    case '/api/bytes':
      res.setHeader('Cache-Control', 'no-store');
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(bytes);
      return;
    default:
      return send(res, 404, { error: 'not_found' });
  }
}

/** The `nonce` claim of a proof whose signature was already checked. */
function proofNonce(proof: string): unknown {
  const payload = JSON.parse(Buffer.from(proof.split('.')[1]!, 'base64url').toString('utf8')) as {
    nonce?: unknown;
  };
  return payload.nonce;
}

function unauthorized(
  res: ServerResponse,
  scheme: 'Bearer' | 'DPoP',
  error: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce',
  description: string,
): void {
  const algs = scheme === 'DPoP' ? `, algs="${DPOP_ALGS.join(' ')}"` : '';
  send(
    res,
    401,
    { error, error_description: description },
    `${scheme} realm="${REALM}", error="${error}", error_description="${description}"${algs}`,
  );
}

function send(res: ServerResponse, status: number, json: unknown, wwwAuthenticate?: string): void {
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  if (wwwAuthenticate) res.setHeader('WWW-Authenticate', wwwAuthenticate);
  res.writeHead(status).end(JSON.stringify(json));
}
