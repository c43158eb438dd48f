import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { isLoopbackOrigin } from '../provider-config.js';
import { DevIdpRequestLog } from '../request-log.js';
import type { DevIdpEndpoint } from '../tamper.js';
import { publicJwks } from './id-token.js';
import { BodyTooLarge, escapeHtml, readBody, redirect, sendHtml, sendJson, page } from './http.js';
import type { Grant, PlatformSpec, TokenFields } from './platform.js';

export interface EmulationOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** The registered public client. Default `latchkey-demo`. */
  clientId?: string;
  /** The client's redirect URIs besides `<origin>/callback` (exact match is enforced). */
  redirectUris?: string[];
  /** Origins besides loopback ones that may call the endpoints and the API from a browser. */
  corsOrigins?: string[];
  /** Access token lifetime in seconds (default: the platform's). */
  accessTokenTtl?: number;
  /**
   * A test switch: approve every authorization request at once as this login, without the sign-in
   * page. Default: the page (a form: any login, Allow or Deny).
   */
  autoApprove?: string;
  /** RFC 8628 `interval` in seconds, where there is a device grant (default 5). */
  deviceInterval?: number;
  /** A test switch: tokens of another shape than the platform's (e.g. one character too long). */
  mintToken?: (kind: 'access' | 'refresh') => string;
}

/** A running emulation of one platform's documented OAuth server, on 127.0.0.1. */
export interface Emulation {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  /** The platform's issuer (Roblox: `<origin>/oauth/`). */
  issuer: string;
  clientId: string;
  /** The client's redirect URIs, `<origin>/callback` first. */
  redirectUris: string[];
  /** Absolute endpoint URLs of the platform (those it has). */
  endpoints: { [K in keyof PlatformSpec['paths']]: string };
  /** Absolute URL of the protected API. */
  apiUrl: string;
  /** What the server received (preflights left out). */
  requests: DevIdpRequestLog;
  /** Turns the auto-approve test switch on (a login) or off. */
  setAutoApprove(login: string | undefined): void;
  /**
   * Plays the user at the RFC 8628 verification page: approves (or denies) `userCode` as `login`.
   * Throws when there is no such pending code.
   */
  approveDevice(userCode: string, options?: { login?: string; deny?: boolean }): void;
  /** Whether an access token is active here (not expired, not revoked). */
  isActive(accessToken: string): boolean;
  close(): Promise<void>;
}

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state?: string;
  scopes: string[];
  codeChallenge: string;
  nonce?: string;
  loginHint?: string;
  expiresAt: number;
}

interface CodeRecord {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

interface TokenRecord {
  grant: Grant;
  scopes: string[];
  expiresAt: number;
}

interface DeviceRecord {
  clientId: string;
  scopes: string[];
  userCode: string;
  expiresAt: number;
  state: 'pending' | 'approved' | 'denied' | 'used';
  grant?: Grant;
}

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

const CODE_TTL_MS = 60_000;
const PENDING_TTL_MS = 10 * 60_000;
const DEVICE_TTL_S = 600;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)), 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/**
 * Starts one platform's emulated OAuth server on 127.0.0.1: authorization (a tiny sign-in page, or
 * auto-approval), token (code, refresh, and device where the platform has it), revocation, userinfo
 * and a protected API, as `spec` describes the platform.
 * @see RFC 6749 §4.1 (code grant), §5.2 (errors), §6 (refresh), RFC 7636 (PKCE), RFC 7009
 * (revocation), RFC 8628 (device grant), RFC 8414 (metadata), RFC 6750 (bearer tokens)
 */
export async function startEmulation(
  spec: PlatformSpec,
  options: EmulationOptions = {},
): Promise<Emulation> {
  const requests = new DevIdpRequestLog();
  const clientId = options.clientId ?? 'latchkey-demo';
  const ttl = options.accessTokenTtl ?? spec.accessTokenTtl;
  const deviceInterval = options.deviceInterval ?? 5;
  const corsOrigins = new Set(options.corsOrigins ?? []);
  let autoApprove = options.autoApprove;
  const mint = (kind: 'access' | 'refresh', grant: Grant) =>
    options.mintToken ? options.mintToken(kind) : spec.mintToken(kind, grant);
  const pending = new Map<string, PendingAuthorization>();
  const codes = new Map<string, CodeRecord>();
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, TokenRecord>();
  const devices = new Map<string, DeviceRecord>();
  /** Grant ids whose tokens were revoked (a revoked refresh token, a replayed code). */
  const revokedGrants = new Set<string>();
  let origin = '';
  let issuer = '';
  let redirectUris: string[] = [];

  const endpointOf = (path: string): DevIdpEndpoint => {
    const p = spec.paths;
    if (path === p.metadata || path.startsWith('/.well-known/')) return 'discovery';
    if (path === p.authorize) return 'authorization';
    if (path.startsWith('/signin/')) return 'interaction';
    if (path === p.token || path === p.refresh) return 'token';
    if (path === p.revoke) return 'revocation';
    if (path === p.userinfo) return 'userinfo';
    if (path === p.deviceAuthorization) return 'device';
    if (path === p.deviceVerification) return 'device_verification';
    if (path === p.jwks) return 'jwks';
    if (path === p.api) return 'api';
    return 'other';
  };
  // As the dev IdP: loopback pages, the configured origins and the client's redirect URI origins.
  const corsAllowed = (o: string) =>
    isLoopbackOrigin(o) || corsOrigins.has(o) || redirectUris.some((u) => originOf(u) === o);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.destroyed) return;
      if (!res.headersSent) {
        if (err instanceof OAuthError) return oauthError(res, err);
        if (err instanceof BodyTooLarge) return sendJson(res, 413, { error: 'invalid_request' });
        res.writeHead(500, { 'Content-Type': 'text/plain' });
      }
      res.end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const requestOrigin = req.headers.origin;
    if (requestOrigin && corsAllowed(requestOrigin)) {
      res.setHeader('Access-Control-Allow-Origin', requestOrigin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
    if (method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return;
    }
    const raw = method === 'POST' ? await readBody(req) : '';
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const endpoint = endpointOf(url.pathname);
    const grantType = grantTypeOf(contentType, raw);
    requests.record({
      endpoint,
      method,
      path: url.pathname,
      at: Date.now(),
      ...(grantType !== undefined && { grantType }),
      ...(requestOrigin !== undefined && { origin: requestOrigin }),
    });

    const p = spec.paths;
    const path = url.pathname;
    if (method === 'GET' && path === p.authorize) return authorize(url, res);
    if (method === 'POST' && (path === p.token || path === p.refresh))
      return token(path, contentType, raw, res);
    if (path.startsWith('/signin/')) return loginPage(url, method, raw, res);
    if (method === 'POST' && path === p.revoke) return revoke(contentType, raw, res);
    if (method === 'POST' && path === p.deviceAuthorization)
      return deviceAuthorization(contentType, raw, res);
    if (path === p.deviceVerification) return deviceVerification(url, method, raw, res);
    if (method === 'GET' && path === p.userinfo) return userinfo(req, res);
    if (method === 'GET' && path === p.api) return api(req, res);
    if (method === 'GET' && path === p.jwks && spec.idToken)
      return sendJson(res, 200, await publicJwks());
    if (method === 'GET' && path === p.metadata) return sendJson(res, 200, metadata());
    if (method === 'GET' && path === '/callback') return callbackPage(url, res);
    sendJson(res, 404, { error: 'not_found' });
  }

  // --- authorization endpoint (RFC 6749 §4.1.1, §4.1.2.1) ---

  function authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    // Without a known client and an exactly registered redirect URI there is nowhere safe to send
    // an error: the user sees it (RFC 6749 §4.1.2.1).
    if (q.get('client_id') !== clientId)
      return sendHtml(res, 400, page('Error', '<h1>invalid_client</h1><p>Unknown client_id.</p>'));
    if (!redirectUri || !redirectUris.includes(redirectUri))
      return sendHtml(
        res,
        400,
        page('Error', '<h1>invalid_request</h1><p>redirect_uri is not registered.</p>'),
      );
    const state = q.get('state') ?? undefined;
    const fail = (error: string, description: string) =>
      redirect(res, errorCallback(redirectUri, error, description, state));
    if (q.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'response_type must be code');
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = scopes.filter((s) => !spec.scopes.includes(s));
    if (scopes.length === 0 || unknown.length > 0)
      return fail('invalid_scope', `unknown or missing scope: ${unknown.join(' ') || '(none)'}`);
    const challenge = q.get('code_challenge');
    if (!challenge) return fail('invalid_request', 'code_challenge is required (PKCE)');
    if (q.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256');
    if (!S256_CHALLENGE.test(challenge))
      return fail('invalid_request', 'code_challenge is not a S256 challenge');
    if (q.get('prompt') === 'none')
      return fail('login_required', 'the user must sign in at this server');
    const request: PendingAuthorization = {
      clientId,
      redirectUri,
      scopes,
      codeChallenge: challenge,
      expiresAt: Date.now() + PENDING_TTL_MS,
      ...(state !== undefined && { state }),
      ...(q.get('nonce') !== null && { nonce: q.get('nonce')! }),
      ...(q.get('login_hint') !== null && { loginHint: q.get('login_hint')! }),
    };
    if (autoApprove !== undefined) return redirect(res, approve(request, autoApprove));
    const txn = randomBytes(16).toString('base64url');
    pending.set(txn, request);
    redirect(res, `/signin/${txn}`);
  }

  /** `/signin/<txn>`: the sign-in and consent form; `/signin/<txn>/abort` is "Deny" as a link. */
  function loginPage(url: URL, method: string, raw: string, res: ServerResponse): void {
    const [, , txn = '', abort] = url.pathname.split('/');
    const request = pending.get(txn);
    if (!request || request.expiresAt < Date.now()) {
      pending.delete(txn);
      return sendHtml(res, 400, page('Error', '<h1>This sign-in has expired</h1>'));
    }
    if (method === 'GET' && abort === 'abort') {
      pending.delete(txn);
      return redirect(res, denied(request));
    }
    if (method === 'POST') {
      pending.delete(txn);
      const form = new URLSearchParams(raw);
      if (form.has('deny')) return redirect(res, denied(request));
      const login = form.get('login')?.trim() || 'alice';
      return redirect(res, approve(request, login));
    }
    const logo = spec.logoUri ? `<img alt="" src="${escapeHtml(spec.logoUri)}">` : '';
    sendHtml(
      res,
      200,
      page(
        `Sign in — ${spec.title}`,
        `${logo}<h1>${escapeHtml(spec.title)}</h1><p><b>${escapeHtml(request.clientId)}</b> asks for: ${escapeHtml(request.scopes.join(' '))}</p>
<form method="post" action="/signin/${txn}">
<input type="hidden" name="prompt" value="login">
<label>Login <input name="login" autocomplete="username" value="${escapeHtml(request.loginHint ?? '')}"></label>
<label>Password (anything) <input name="password" type="password"></label>
<button type="submit">Allow</button><button type="submit" name="deny" value="1">Deny</button>
</form>`,
      ),
    );
  }

  function approve(request: PendingAuthorization, login: string): URL {
    const grant: Grant = {
      id: randomBytes(8).toString('hex'),
      clientId: request.clientId,
      login,
      scopes: request.scopes,
      ...(request.nonce !== undefined && { nonce: request.nonce }),
    };
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      grant,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    // No RFC 9207 `iss`: none of the seed platforms sends one.
    const callback = new URL(request.redirectUri);
    callback.searchParams.set('code', code);
    if (request.state !== undefined) callback.searchParams.set('state', request.state);
    return callback;
  }

  const denied = (request: PendingAuthorization) =>
    errorCallback(request.redirectUri, 'access_denied', 'the user denied access', request.state);

  // --- token endpoint (RFC 6749 §4.1.3, §6, RFC 8628 §3.4) ---

  async function token(
    path: string,
    contentType: string,
    raw: string,
    res: ServerResponse,
  ): Promise<void> {
    const params = tokenParams(contentType, raw);
    checkClient(params);
    const grantType = params.get('grant_type');
    const refreshUrl = spec.paths.refresh ?? spec.paths.token;
    if (grantType === 'refresh_token') {
      if (path !== refreshUrl)
        throw new OAuthError('unsupported_grant_type', `refresh at ${refreshUrl}`);
      return sendTokens(res, await refresh(params));
    }
    if (path !== spec.paths.token)
      throw new OAuthError('unsupported_grant_type', 'this URL only refreshes');
    if (grantType === 'authorization_code') return sendTokens(res, await redeemCode(params));
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code' && spec.deviceGrant)
      return sendTokens(res, await redeemDeviceCode(params));
    if (grantType === 'client_credentials' && spec.clientCredentialsForConfidentialOnly)
      throw new OAuthError('unauthorized_client', 'client_credentials needs a confidential client');
    throw new OAuthError('unsupported_grant_type', `grant_type ${grantType ?? '(none)'}`);
  }

  function tokenParams(contentType: string, raw: string): Map<string, string> {
    if (spec.tokenRequestFormat === 'json') {
      if (contentType !== 'application/json')
        throw new OAuthError('invalid_request', 'the token URL accepts application/json only', 415);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new OAuthError('invalid_request', 'the body is not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new OAuthError('invalid_request', 'the body must be a JSON object');
      const params = new Map<string, string>();
      for (const [k, v] of Object.entries(body)) {
        if (typeof v === 'string' || typeof v === 'number') params.set(k, String(v));
        else throw new OAuthError('invalid_request', `${k} must be a string`);
      }
      return params;
    }
    return formParams(contentType, raw);
  }

  function formParams(contentType: string, raw: string): Map<string, string> {
    if (contentType !== 'application/x-www-form-urlencoded')
      throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
    const form = new URLSearchParams(raw);
    const params = new Map<string, string>();
    for (const [k, v] of form) {
      // RFC 6749 §3.2: parameters must not be included more than once.
      if (params.has(k)) throw new OAuthError('invalid_request', `${k} is repeated`);
      params.set(k, v);
    }
    return params;
  }

  function checkClient(params: Map<string, string>): void {
    if (params.get('client_id') !== clientId)
      throw new OAuthError('invalid_client', 'unknown client_id', 401);
    if (params.has('client_secret'))
      throw new OAuthError('invalid_client', 'a public client has no secret', 401);
  }

  async function redeemCode(params: Map<string, string>): Promise<TokenFields> {
    const code = params.get('code');
    const verifier = params.get('code_verifier');
    if (!code) throw new OAuthError('invalid_request', 'code is required');
    if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE)');
    if (!VERIFIER.test(verifier))
      throw new OAuthError('invalid_request', 'code_verifier must be 43-128 unreserved characters');
    const record = codes.get(code);
    if (!record || record.expiresAt < Date.now())
      throw new OAuthError('invalid_grant', 'the code is invalid or expired');
    if (record.used) {
      // RFC 6749 §4.1.2: a code used twice revokes what it gave.
      revokedGrants.add(record.grant.id);
      throw new OAuthError('invalid_grant', 'the code was already used');
    }
    record.used = true;
    if (record.grant.clientId !== params.get('client_id'))
      throw new OAuthError('invalid_grant', 'the code was issued to another client');
    if (params.get('redirect_uri') !== record.redirectUri)
      throw new OAuthError(
        'invalid_grant',
        'redirect_uri does not match the authorization request',
      );
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (challenge !== record.codeChallenge)
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    return issue(record.grant, record.grant.scopes, true);
  }

  async function refresh(params: Map<string, string>): Promise<TokenFields> {
    const presented = params.get('refresh_token');
    if (!presented) throw new OAuthError('invalid_request', 'refresh_token is required');
    const record = refreshTokens.get(presented);
    if (!record || revokedGrants.has(record.grant.id))
      throw new OAuthError('invalid_grant', 'the refresh token is invalid, revoked or used');
    if (record.grant.clientId !== params.get('client_id'))
      throw new OAuthError('invalid_grant', 'the refresh token was issued to another client');
    let scopes = record.scopes;
    const asked = params.get('scope');
    if (asked !== undefined) {
      // RFC 6749 §6: no scope beyond the original grant.
      const wanted = asked.split(' ').filter(Boolean);
      if (wanted.length === 0 || wanted.some((s) => !record.scopes.includes(s)))
        throw new OAuthError('invalid_scope', 'scope exceeds the original grant');
      scopes = wanted;
    }
    if (spec.refreshTokens === 'rotate') refreshTokens.delete(presented);
    return issue(record.grant, scopes, spec.refreshTokens === 'rotate');
  }

  async function redeemDeviceCode(params: Map<string, string>): Promise<TokenFields> {
    const deviceCode = params.get('device_code');
    if (!deviceCode) throw new OAuthError('invalid_request', 'device_code is required');
    const record = devices.get(deviceCode);
    if (!record || record.clientId !== params.get('client_id') || record.state === 'used')
      throw new OAuthError('invalid_grant', 'unknown device_code');
    if (record.expiresAt < Date.now()) throw new OAuthError('expired_token', 'the code expired');
    if (record.state === 'denied') throw new OAuthError('access_denied', 'the user denied access');
    if (record.state === 'pending' || !record.grant)
      throw new OAuthError('authorization_pending', 'the user has not answered yet');
    record.state = 'used';
    return issue(record.grant, record.grant.scopes, true);
  }

  async function issue(grant: Grant, scopes: string[], withRefresh: boolean): Promise<TokenFields> {
    const accessToken = mint('access', grant);
    accessTokens.set(accessToken, { grant, scopes, expiresAt: Date.now() + ttl * 1000 });
    const fields: TokenFields = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: scopes.join(' '),
    };
    if (withRefresh) {
      const refreshToken = mint('refresh', grant);
      refreshTokens.set(refreshToken, { grant, scopes: grant.scopes, expiresAt: Infinity });
      fields.refresh_token = refreshToken;
    }
    if (spec.idToken && scopes.includes('openid'))
      fields.id_token = await spec.idToken(grant, issuer);
    return fields;
  }

  function sendTokens(res: ServerResponse, fields: TokenFields): void {
    sendJson(res, 200, spec.shapeTokenResponse ? spec.shapeTokenResponse(fields) : fields);
  }

  // --- revocation (RFC 7009 §2) ---

  function revoke(contentType: string, raw: string, res: ServerResponse): void {
    const params = formParams(contentType, raw);
    checkClient(params);
    const presented = params.get('token');
    if (!presented) throw new OAuthError('invalid_request', 'token is required');
    const refreshRecord = refreshTokens.get(presented);
    const accessRecord = accessTokens.get(presented);
    // §2.1: a refresh token's revocation ends the access tokens of its grant too; another client's
    // token is left alone, and an unknown token is answered 200 all the same (§2.2).
    if (refreshRecord && refreshRecord.grant.clientId === params.get('client_id'))
      revokedGrants.add(refreshRecord.grant.id);
    if (accessRecord && accessRecord.grant.clientId === params.get('client_id'))
      accessTokens.delete(presented);
    res.writeHead(200, { 'Cache-Control': 'no-store' }).end();
  }

  // --- device authorization (RFC 8628 §3.1–3.3) ---

  function deviceAuthorization(contentType: string, raw: string, res: ServerResponse): void {
    const params = formParams(contentType, raw);
    checkClient(params);
    const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.length === 0 || scopes.some((s) => !spec.scopes.includes(s)))
      throw new OAuthError('invalid_scope', 'unknown or missing scope');
    const deviceCode = randomBytes(32).toString('base64url');
    // §6.1: eight letters from an alphabet without vowels, shown as XXXX-XXXX.
    const alphabet = 'BCDFGHJKLMNPQRSTVWXZ';
    const letters = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
    const userCode = `${letters.slice(0, 4)}-${letters.slice(4)}`;
    devices.set(deviceCode, {
      clientId,
      scopes,
      userCode,
      expiresAt: Date.now() + DEVICE_TTL_S * 1000,
      state: 'pending',
    });
    const verification = new URL(spec.paths.deviceVerification!, origin);
    sendJson(res, 200, {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verification.href,
      verification_uri_complete: `${verification.href}?user_code=${userCode}`,
      expires_in: DEVICE_TTL_S,
      interval: deviceInterval,
    });
  }

  function answerDevice(userCode: string, login: string, deny: boolean): boolean {
    const typed = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    for (const record of devices.values()) {
      if (record.state !== 'pending' || record.expiresAt < Date.now()) continue;
      if (record.userCode.replace('-', '') !== typed) continue;
      if (deny) record.state = 'denied';
      else {
        record.state = 'approved';
        record.grant = {
          id: randomBytes(8).toString('hex'),
          clientId: record.clientId,
          login,
          scopes: record.scopes,
        };
      }
      return true;
    }
    return false;
  }

  function deviceVerification(url: URL, method: string, raw: string, res: ServerResponse): void {
    if (method === 'POST') {
      const form = new URLSearchParams(raw);
      const ok = answerDevice(
        form.get('user_code') ?? '',
        form.get('login')?.trim() || 'alice',
        form.has('deny'),
      );
      return sendHtml(
        res,
        ok ? 200 : 400,
        page(
          'Device',
          ok
            ? `<h1 data-device-page="success">${form.has('deny') ? 'Access denied' : 'Your device is signed in'}</h1><p>You may close this page.</p>`
            : '<h1 data-error="invalid_user_code">Unknown or expired code</h1>',
        ),
      );
    }
    const code = url.searchParams.get('user_code') ?? '';
    sendHtml(
      res,
      200,
      page(
        `Device sign-in — ${spec.title}`,
        `<h1>${escapeHtml(spec.title)}</h1><p>Enter the code your device shows.</p>
<form method="post" action="${escapeHtml(url.pathname)}">
<label>Code <input name="user_code" value="${escapeHtml(code)}"></label>
<label>Login <input name="login" autocomplete="username"></label>
<button type="submit">Allow</button><button type="submit" name="deny" value="1">Deny</button>
</form>`,
      ),
    );
  }

  // --- userinfo and the protected API (RFC 6750, OpenID Connect Core 1.0 §5.3) ---

  function activeRecord(req: IncomingMessage): TokenRecord | undefined {
    const presented = spec.apiCredential(req);
    const record = presented === undefined ? undefined : accessTokens.get(presented);
    if (!record || record.expiresAt <= Date.now() || revokedGrants.has(record.grant.id))
      return undefined;
    return record;
  }

  function unauthorized(res: ServerResponse): void {
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: 'the access token is invalid or expired' },
      spec.bearerChallenge
        ? {
            'WWW-Authenticate':
              'Bearer error="invalid_token", error_description="the access token is invalid or expired"',
          }
        : {},
    );
  }

  function userinfo(req: IncomingMessage, res: ServerResponse): void {
    const record = activeRecord(req);
    if (!record || !spec.userinfo) return unauthorized(res);
    if (!record.scopes.includes('openid'))
      return sendJson(
        res,
        403,
        { error: 'insufficient_scope' },
        { 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="openid"' },
      );
    sendJson(res, 200, spec.userinfo(record.grant, spec.subjectOf(record.grant.login)));
  }

  function api(req: IncomingMessage, res: ServerResponse): void {
    const record = activeRecord(req);
    if (!record) return unauthorized(res);
    sendJson(res, 200, {
      ...spec.apiBody(record.grant, spec.subjectOf(record.grant.login)),
      scope: record.scopes.join(' '),
      client_id: record.grant.clientId,
    });
  }

  function metadata(): Record<string, unknown> {
    const p = spec.paths;
    const at = (path: string | undefined) => (path ? new URL(path, origin).href : undefined);
    return Object.fromEntries(
      Object.entries({
        issuer,
        authorization_endpoint: at(p.authorize),
        token_endpoint: at(p.token),
        revocation_endpoint: at(p.revoke),
        device_authorization_endpoint: at(p.deviceAuthorization),
        userinfo_endpoint: at(p.userinfo),
        jwks_uri: spec.idToken ? at(p.jwks) : undefined,
        scopes_supported: spec.scopes,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: [
          'none',
          'client_secret_basic',
          'client_secret_post',
        ],
        ...spec.metadata,
      }).filter(([, v]) => v !== undefined),
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  issuer = spec.issuer ? spec.issuer(origin) : origin;
  redirectUris = [`${origin}/callback`, ...(options.redirectUris ?? [])];
  const endpoints = Object.fromEntries(
    Object.entries(spec.paths).map(([k, v]) => [k, new URL(v, origin).href]),
  ) as Emulation['endpoints'];

  return {
    origin,
    issuer,
    clientId,
    redirectUris,
    endpoints,
    apiUrl: endpoints.api,
    requests,
    setAutoApprove(login) {
      autoApprove = login;
    },
    approveDevice(userCode, { login = 'alice', deny = false } = {}) {
      if (!answerDevice(userCode, login, deny))
        throw new Error(`no pending device authorization with user code ${userCode}`);
    },
    isActive(accessToken) {
      const record = accessTokens.get(accessToken);
      return !!record && record.expiresAt > Date.now() && !revokedGrants.has(record.grant.id);
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** RFC 6749 §5.2: `{ error, error_description }`; `invalid_client` is 401 with a challenge. */
function oauthError(res: ServerResponse, err: OAuthError): void {
  sendJson(
    res,
    err.status,
    { error: err.error, error_description: err.description },
    err.status === 401 ? { 'WWW-Authenticate': 'Basic realm="token"' } : {},
  );
}

/** RFC 6749 §4.1.2.1: the error, its description and the client's `state` at the redirect URI. */
function errorCallback(
  redirectUri: string,
  error: string,
  description: string,
  state: string | undefined,
): URL {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== undefined) url.searchParams.set('state', state);
  return url;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** `grant_type` of a token request, form or JSON, for the request log. */
function grantTypeOf(contentType: string, raw: string): string | undefined {
  if (!raw) return undefined;
  if (contentType === 'application/x-www-form-urlencoded')
    return new URLSearchParams(raw).get('grant_type') ?? undefined;
  if (contentType === 'application/json') {
    try {
      const value = (JSON.parse(raw) as { grant_type?: unknown }).grant_type;
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** `GET /callback`: the default redirect URI shows what it got, for trying a platform by hand. */
function callbackPage(url: URL, res: ServerResponse): void {
  const rows = [...url.searchParams]
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join('');
  sendHtml(res, 200, page('Callback', `<h1>Authorization response</h1><table>${rows}</table>`));
}
