import { LatchkeyError, PROTOCOL_VERSION, originAllowed, parseOrigin } from '@latchkey/core';
import type {
  BrokerMethod,
  BrokerParams,
  BrokerResult,
  GrantRecord,
  PageTokenInfo,
  ProviderConfig,
  TokenInfo,
} from '@latchkey/core';
import { runAuthFlow } from './auth-flow.js';
import { brokerClient } from './broker-client.js';
import { brokerStorage } from './broker-storage.js';
import { askConsent } from './consent.js';
import { notifyProvider } from './notify.js';
import { checkGrant, isPreGranted, requestedScopes } from './grants.js';
import { findProvider, loadProviders, type RegisteredProvider } from './provider-registry.js';
import { readBoundedText } from './read-bounded-text.js';

/** Largest response body the broker reads and hands back to a page from a token-mediated `fetch`. */
export const MAX_FETCH_RESPONSE_BYTES = 5 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;

/** Who is calling: the origin comes from the browser's `sender`, never from the message. */
export interface PageContext {
  origin: string;
}

type Handlers = {
  [M in BrokerMethod]: (params: BrokerParams<M>, ctx: PageContext) => Promise<BrokerResult<M>>;
};

/** A page receives the access token and what it may know about the account; nothing else. */
function pageToken(info: TokenInfo): PageTokenInfo {
  const out: PageTokenInfo = {
    provider: info.provider,
    accessToken: info.accessToken,
    tokenType: info.tokenType,
    scopes: info.scopes,
  };
  if (info.expiresAt !== undefined) out.expiresAt = info.expiresAt;
  if (info.account) out.account = info.account;
  return out;
}

/** The provider, the origin's stored grant and what the grant rules say of `scopes`. */
async function checkOrigin(id: string, origin: string, scopes?: readonly string[]) {
  const provider = await findProvider(id);
  const wanted = requestedScopes(provider.config, scopes);
  const grant = await (await brokerStorage()).getGrant(origin, id);
  const check = checkGrant(grant, provider.config, origin, wanted, presetSource(provider));
  if (check.kind === 'denied') {
    throw new LatchkeyError('consent_denied', `${origin} was denied access to ${id}`);
  }
  return { provider, grant, check, wanted };
}

/**
 * The provider and the origin's grant, if this origin is allowed to use it for `scopes`; otherwise
 * the error to answer.
 */
async function requireGrant(
  id: string,
  origin: string,
  scopes?: readonly string[],
): Promise<{ provider: RegisteredProvider; grant: GrantRecord | undefined }> {
  const { provider, grant, check, wanted } = await checkOrigin(id, origin, scopes);
  if (check.kind === 'consent_required') {
    throw new LatchkeyError(
      'consent_required',
      `${origin} has no grant for ${id} (${wanted.join(' ')})`,
    );
  }
  return { provider, grant };
}

const presetSource = (p: RegisteredProvider) => (p.source === 'policy' ? 'policy' : 'preset');

/** Asks for consent when the rules say so, then returns the provider; `consent_denied` on "Deny". */
async function ensureConsent(
  id: string,
  origin: string,
  scopes?: readonly string[],
): Promise<RegisteredProvider> {
  const { provider, check } = await checkOrigin(id, origin, scopes);
  if (check.kind === 'consent_required') {
    const allowed = await askConsent(origin, provider.config, check.scopes);
    if (!allowed) throw new LatchkeyError('consent_denied', `Access to ${id} was denied`);
  }
  return provider;
}

async function tokenFor(provider: string, scopes?: string[], minValidity?: number) {
  const client = await brokerClient();
  const options: { scopes?: string[]; minValidity?: number } = {};
  if (scopes) options.scopes = scopes;
  if (minValidity !== undefined) options.minValidity = minValidity;
  await client.getAccessToken(provider, options);
  const info = await client.getTokenInfo(provider);
  if (!info) throw new LatchkeyError('login_required', `Not signed in to ${provider}`);
  return info;
}

/**
 * The scopes `origin` may hold a token for: its grant's, when the user granted it (a site allowed
 * `openid` must not receive the token another site signed in for with `api:write`); `undefined`
 * (the session's) for a site the extension's builder or policy pre-granted.
 */
function scopeLimit(
  p: RegisteredProvider,
  origin: string,
  grant: GrantRecord | undefined,
): string[] | undefined {
  if (isPreGranted(p.config, origin)) return undefined;
  return grant?.decision === 'allowed' ? grant.scopes : [];
}

/**
 * The token a site gets: the session's, or — when the session carries scopes beyond the site's
 * grant — one narrowed to the scopes asked for, else to the grant's scopes the session has.
 */
async function tokenForOrigin(
  p: RegisteredProvider,
  origin: string,
  grant: GrantRecord | undefined,
  scopes?: string[],
  minValidity?: number,
): Promise<TokenInfo> {
  const limit = scopeLimit(p, origin, grant);
  const session = await tokenFor(p.config.id, scopes, minValidity);
  if (limit === undefined || session.scopes.every((s) => limit.includes(s))) return session;
  const wanted = scopes ?? limit.filter((s) => session.scopes.includes(s));
  if (wanted.length === 0) {
    throw new LatchkeyError(
      'login_required',
      `The session for ${p.config.id} has none of the scopes ${origin} may use: sign in again`,
    );
  }
  const options = minValidity === undefined ? {} : { minValidity };
  return (await brokerClient()).getScopedToken(p.config.id, wanted, options);
}

/**
 * The page-facing protocol (docs/architecture.md, "The page ↔ extension protocol"); the handler object is the
 * protocol. Every params object was validated by `parseBrokerRequest` before it gets here.
 */
export const pageHandlers: Handlers = {
  hello: async () => ({ version: PROTOCOL_VERSION, extensionId: chrome.runtime.id }),

  providers: async (_params, { origin }) => {
    const storage = await brokerStorage();
    return Promise.all(
      (await loadProviders()).map(async (p) => {
        const { config } = p;
        const grant = await storage.getGrant(origin, config.id);
        const check = checkGrant(grant, config, origin, requestedScopes(config), presetSource(p));
        const info = await (await brokerClient()).getTokenInfo(config.id).catch(() => undefined);
        return {
          id: config.id,
          ...(config.name ? { name: config.name } : {}),
          scopes: config.scopes ?? [],
          granted: check.kind === 'allowed',
          // Whether the user has a session, and with which account, is told only to a site allowed
          // to use the provider: to any other it would say which services the user signs in to.
          signedIn: check.kind === 'allowed' && info !== undefined,
          ...(info?.account && check.kind === 'allowed' ? { account: info.account } : {}),
        };
      }),
    );
  },

  // Never opens a window: no grant → consent_required, no session → login_required.
  getToken: async ({ provider, scopes, minValidity }, { origin }) => {
    const { provider: p, grant } = await requireGrant(provider, origin, scopes);
    return pageToken(await tokenForOrigin(p, origin, grant, scopes, minValidity));
  },

  signIn: async ({ provider, scopes, prompt, loginHint }, { origin }) => {
    const p = await ensureConsent(provider, origin, scopes);
    const options: { scopes?: string[]; prompt?: string; loginHint?: string } = {};
    if (scopes) options.scopes = scopes;
    if (prompt) options.prompt = prompt;
    if (loginHint) options.loginHint = loginHint;
    await runAuthFlow(p, options);
    void notifyProvider(p.config.id, 'tokenChanged');
    // The grant as consent left it; not `scopes`: the server may have granted fewer (RFC 6749 §3.3).
    const grant = await (await brokerStorage()).getGrant(origin, p.config.id);
    return pageToken(await tokenForOrigin(p, origin, grant));
  },

  signOut: async ({ provider }, { origin }) => {
    await requireGrant(provider, origin);
    await (await brokerClient()).signOut(provider);
    void notifyProvider(provider, 'signedOut');
    return { signedOut: true };
  },

  userinfo: async ({ provider }, { origin }) => {
    const { provider: p, grant } = await requireGrant(provider, origin);
    const { scopes } = await tokenForOrigin(p, origin, grant);
    return (await brokerClient()).userinfo(provider, { scopes });
  },

  fetch: async (params, { origin }) => {
    const { provider: p, grant } = await requireGrant(params.provider, origin);
    return mediatedFetch(p.config, params, () => tokenForOrigin(p, origin, grant));
  },
};

/**
 * Performs a request for the page with the provider's access token attached, only to the
 * provider's `resourceOrigins`. The page sees status, headers and body, never the token.
 * @see RFC 6750 §2.1
 */
async function mediatedFetch(
  config: ProviderConfig,
  params: BrokerParams<'fetch'>,
  token: () => Promise<TokenInfo>,
): Promise<BrokerResult<'fetch'>> {
  const resources = (config.resourceOrigins ?? []).flatMap((o) => parseOrigin(o) ?? []);
  if (!originAllowed(params.url, resources)) {
    throw new LatchkeyError(
      'origin_not_allowed',
      `${new URL(params.url).origin} is not a resource origin of ${config.id}`,
    );
  }
  // The token only once the destination is known to be allowed.
  const info = await token();
  const headers = new Headers(params.headers ?? []);
  let body: string;
  let response: Response;
  try {
    if (info.tokenType.toLowerCase() === 'dpop') {
      // A DPoP-bound token needs a proof signed with the session's key, which core holds (RFC 9449 §7).
      headers.delete('Authorization');
      response = await (
        await brokerClient()
      ).resourceRequest(
        config.id,
        {
          url: params.url,
          method: params.method ?? 'GET',
          headers,
          ...(params.body !== undefined && { body: params.body }),
        },
        { accessToken: info.accessToken },
      );
      // Redirects are not followed (a proof is for one URL): refused, as on the bearer path.
      if (response.type === 'opaqueredirect') throw new TypeError('redirect refused');
    } else {
      headers.set('Authorization', `Bearer ${info.accessToken}`);
      response = await fetch(params.url, {
        method: params.method ?? 'GET',
        headers,
        ...(params.body !== undefined ? { body: params.body } : {}),
        credentials: 'omit',
        // A redirect could carry the token to another origin.
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    }
    // Read under the same timeout, and never more than the bound.
    body = await readBoundedText(response, MAX_FETCH_RESPONSE_BYTES);
  } catch (cause) {
    if (cause instanceof LatchkeyError) throw cause;
    const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
    throw new LatchkeyError(timedOut ? 'timeout' : 'network_error', `fetch ${params.url} failed`, {
      cause,
      retryable: true,
    });
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body,
  };
}
