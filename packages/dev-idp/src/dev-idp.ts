// First: quiets oidc-provider's known development-only notices before it loads.
import './dev-notices.js';
import { BodyTooLarge, readBodyBytes } from './emulations/http.js';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import Provider, { type ClientMetadata } from 'oidc-provider';

import { handleDemoApi } from './demo-api.js';
import { MemoryStore } from './memory-store.js';
import { corsOriginAllowed, isLoopbackOrigin, providerConfiguration } from './provider-config.js';
import { DevIdpRequestLog } from './request-log.js';
import { signingKeys } from './signing-keys.js';
import { endpointOf, type TamperAction, type TamperHook } from './tamper.js';

export interface DevIdpOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default `latchkey-demo`. */
  clientId?: string;
  /** Added to the public client's redirect URIs (exact match is enforced). */
  redirectUris?: string[];
  /**
   * Extra origins allowed to call the token endpoints and the demo API from a browser;
   * `moz-extension://*` allows every Firefox extension origin (random per profile).
   */
  corsOrigins?: string[];
  /** Access token lifetime in seconds (default 900, as Roblox's 15 minutes). */
  accessTokenTtl?: number;
  /** Rotate refresh tokens on use (default true). */
  rotateRefreshTokens?: boolean;
  /** Device code lifetime in seconds (default 600). */
  deviceCodeTtl?: number;
  /**
   * Require a server-provided nonce in every DPoP proof at the token and userinfo endpoints
   * (RFC 9449 §8): the first proof of a client is answered `use_dpop_nonce`. Default false.
   */
  dpopNonce?: boolean;
  /** Require a server nonce in DPoP proofs at the demo API too (RFC 9449 §9). Default false. */
  apiDpopNonce?: boolean;
  /**
   * RFC 9126 pushed authorization requests: `true` advertises the endpoint, `'required'` also
   * refuses plain authorization requests (`require_pushed_authorization_requests`). Default false.
   */
  par?: boolean | 'required';
  tamper?: TamperHook;
  /** Extra oidc-provider client metadata (other clients, e.g. one with other redirect URIs). */
  extraClients?: Array<Record<string, unknown>>;
}

export interface DevIdp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  issuer: string;
  origin: string;
  clientId: string;
  /** The public client's redirect URIs, the defaults first. */
  redirectUris: string[];
  /** Absolute URL of the protected demo API's `GET /api/me`. */
  apiUrl: string;
  requests: DevIdpRequestLog;
  /** The oidc-provider instance, for tests that need to reach into it. */
  provider: Provider;
  setTamper(hook: TamperHook | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts oidc-provider with a public client and the demo API on 127.0.0.1 (one port for both).
 * @see RFC 6749, RFC 7636, RFC 7009, RFC 8628, RFC 8414, RFC 9207
 */
export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  let tamper = options.tamper;
  const requests = new DevIdpRequestLog();
  // Responses a tamper action holds (hang, delay): close() ends them.
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const store = new MemoryStore();
  const seenJti = new Map<string, number>();
  const apiNonce = options.apiDpopNonce ? randomBytes(16).toString('base64url') : undefined;
  let issuer = '';
  let provider: Provider | undefined;
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.destroyed) return;
      const status = err instanceof BodyTooLarge ? 413 : 500;
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });

  const hold = (res: ServerResponse) => {
    held.add(res);
    res.on('close', () => held.delete(res));
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const endpoint = endpointOf(url.pathname);
    const method = req.method ?? 'GET';
    const origin = req.headers.origin;
    const bytes =
      method === 'POST' || method === 'PUT' || method === 'PATCH'
        ? await readBodyBytes(req)
        : Buffer.alloc(0);
    const raw = bytes.toString('utf8');
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(raw)
      : undefined;
    const grantType = form?.get('grant_type') ?? undefined;
    const resume = endpoint === 'authorization' && url.pathname !== '/auth';
    if (method !== 'OPTIONS') {
      requests.record({
        endpoint,
        method,
        path: url.pathname,
        at: Date.now(),
        ...(resume && { resume }),
        ...(endpoint === 'authorization' && !resume && { query: url.search }),
        ...(grantType !== undefined && { grantType }),
        ...(form?.get('token_type_hint') != null && {
          tokenTypeHint: form.get('token_type_hint')!,
        }),
        ...(origin !== undefined && { origin }),
      });
    }

    let action: TamperAction | undefined =
      method === 'OPTIONS' || !tamper
        ? undefined
        : await tamper({
            endpoint,
            method,
            path: url.pathname,
            ...(resume && { resume }),
            ...(grantType !== undefined && { grantType }),
            ...(form && { body: form }),
            ...(origin !== undefined && { origin }),
          });
    if (action && 'hang' in action) {
      hold(res);
      return;
    }
    while (action && 'delayMs' in action) {
      hold(res);
      await sleep(action.delayMs);
      if (res.destroyed || closing) return;
      action = action.then;
    }
    if (!provider) {
      res.writeHead(503, { 'Retry-After': '1' }).end();
      return;
    }
    if (action && 'status' in action) {
      if (origin && isCorsAllowed(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
      res
        .writeHead(action.status, { 'Content-Type': 'application/json', ...action.headers })
        .end(action.body);
      return;
    }

    if (url.pathname === '/callback' && method === 'GET') return callbackPage(url, res);
    if (endpoint === 'api') {
      const corsOrigin = origin && isCorsAllowed(origin) ? origin : undefined;
      return handleDemoApi(
        { provider, origin: issuer, corsOrigin, seenJti, ...(apiNonce && { dpopNonce: apiNonce }) },
        req,
        res,
        bytes,
      );
    }
    // oidc-provider reads an already-read body from req.body (selective_body.js fallback).
    if (raw) (req as IncomingMessage & { body?: string }).body = raw;
    if (action) (req as IncomingMessage & { tamper?: TamperAction }).tamper = action;
    provider.callback()(req, res);
  }

  const corsOrigins = new Set(options.corsOrigins ?? []);
  const isCorsAllowed = (origin: string) =>
    isLoopbackOrigin(origin) || corsOriginAllowed(corsOrigins, origin);

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  issuer = origin;
  const clientId = options.clientId ?? 'latchkey-demo';
  const redirectUris = [
    `${origin}/callback`,
    'http://127.0.0.1/callback',
    ...(options.redirectUris ?? []),
  ];

  const jwks = await signingKeys();
  provider = onceWarned(
    () =>
      new Provider(
        origin,
        providerConfiguration({
          issuer: origin,
          clientId,
          redirectUris,
          corsOrigins: [...corsOrigins],
          accessTokenTtl: options.accessTokenTtl ?? 900,
          rotateRefreshTokens: options.rotateRefreshTokens ?? true,
          deviceCodeTtl: options.deviceCodeTtl ?? 600,
          dpopNonce: options.dpopNonce ?? false,
          par: options.par ?? false,
          extraClients: (options.extraClients ?? []) as ClientMetadata[],
          jwks,
          store,
        }),
      ),
  );
  // The demo IdP runs behind nothing: http on loopback.
  provider.proxy = false;
  provider.use(async (ctx, next) => {
    await next();
    const action = (ctx.req as IncomingMessage & { tamper?: TamperAction }).tamper;
    if (!action) return;
    const location = ctx.response.get('location');
    if ('rewriteRedirect' in action && location) {
      ctx.set('location', action.rewriteRedirect(new URL(location, origin)).href);
    }
    if ('rewriteJson' in action && ctx.body && typeof ctx.body === 'object') {
      ctx.body = action.rewriteJson(ctx.body as Record<string, unknown>);
    }
  });

  return {
    issuer: origin,
    origin,
    clientId,
    redirectUris,
    apiUrl: `${origin}/api/me`,
    requests,
    provider,
    setTamper(hook) {
      tamper = hook;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
        store.clear();
      });
      return closing;
    },
  };
}

/** `GET /callback`: the default redirect URI shows what it got, for trying the IdP by hand. */
function callbackPage(url: URL, res: ServerResponse): void {
  const rows = [...url.searchParams]
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(v)}</code></td></tr>`)
    .join('');
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(
      `<!doctype html><title>Callback</title><h1>Authorization response</h1><table>${rows}</table>`,
    );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const warned = new Set<string>();

/**
 * Runs `make` letting each oidc-provider start-up warning through once per process: every server
 * would otherwise repeat the devInteractions one, drowning test output.
 */
function onceWarned<T>(make: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = String(args[0]);
    if (text.includes('oidc-provider WARNING')) {
      if (warned.has(text)) return;
      warned.add(text);
    }
    warn(...args);
  };
  try {
    return make();
  } finally {
    console.warn = warn;
  }
}
