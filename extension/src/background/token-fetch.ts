import {
  LatchkeyError,
  accessTokenHeader,
  base64ToBytes,
  bytesToBase64,
  originAllowed,
  parseOrigin,
} from '@latchkey/core';
import type { BrokerParams, BrokerResult, TokenInfo } from '@latchkey/core';
import * as oauth from 'oauth4webapi';
import type { BrokerContext } from './broker-context.js';
import type { RegisteredProvider } from './provider-registry.js';
import { readBoundedBytes } from './read-bounded-text.js';

/** Largest response body the broker reads and hands back to a page from a token-mediated `fetch`. */
export const MAX_FETCH_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Longest `WWW-Authenticate` header the broker parses (a longer one is not a retry reason). */
export const MAX_CHALLENGE_CHARS = 4096;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * The request a page asked for, checked before any token is obtained: headers must be valid HTTP
 * header names and Latin-1 values (the Fetch standard's rule, which `Headers` enforces), and a GET
 * or HEAD carries no body, not even an empty one.
 * @see https://fetch.spec.whatwg.org/#concept-header-value
 */
function checkRequest(params: BrokerParams<'fetch'>): { method: string; headers: Headers } {
  const method = params.method ?? 'GET';
  if ((method === 'GET' || method === 'HEAD') && params.body !== undefined) {
    throw new LatchkeyError('invalid_request', `A ${method} request cannot have a body`);
  }
  let headers: Headers;
  try {
    headers = new Headers(params.headers ?? []);
  } catch (cause) {
    throw new LatchkeyError(
      'invalid_request',
      'headers must be valid HTTP header names with Latin-1 values',
      { cause },
    );
  }
  return { method, headers };
}

/**
 * Whether `response` refuses the token itself: a 401 whose challenge for `scheme` (`bearer`, or
 * `dpop`) carries `error="invalid_token"` (RFC 6750 §3.1, RFC 9449 §7.1). The header is parsed by
 * oauth4webapi (fed to `protectedResourceRequest` as the answer of a request that never leaves the
 * worker), and only up to {@link MAX_CHALLENGE_CHARS}.
 * @see RFC 9110 §11.6.1
 */
export async function isInvalidTokenChallenge(
  response: Response,
  scheme: 'bearer' | 'dpop',
): Promise<boolean> {
  if (response.status !== 401) return false;
  const header = response.headers.get('www-authenticate');
  if (header === null || header.length > MAX_CHALLENGE_CHARS) return false;
  try {
    await oauth.protectedResourceRequest(
      'unused',
      'GET',
      new URL('https://challenge.invalid/'),
      new Headers(),
      null,
      {
        [oauth.customFetch]: async () =>
          new Response(null, { status: 401, headers: { 'www-authenticate': header } }),
      },
    );
  } catch (err) {
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
      return err.cause.some((c) => c.scheme === scheme && c.parameters.error === 'invalid_token');
    }
  }
  return false;
}

/**
 * Performs a request for the page with the provider's access token attached, only to the
 * provider's `resourceOrigins`. The page sees status, headers and body, never the token. The header
 * is core's `accessTokenHeader` (the provider's `tokenHeader`, else `Authorization: Bearer`); a
 * DPoP-bound token goes through core's `resourceRequest` (`Authorization: DPoP` and a proof). A 401
 * `invalid_token` challenge gets one refresh and one retry.
 * @see RFC 6750 §2.1, §3.1, RFC 9449 §7
 */
export async function tokenFetch(
  ctx: BrokerContext,
  provider: RegisteredProvider,
  params: BrokerParams<'fetch'>,
  token: () => Promise<TokenInfo>,
  account?: string,
): Promise<BrokerResult<'fetch'>> {
  const session = account === undefined ? {} : { account };
  const { config } = provider;
  const resources = (config.resourceOrigins ?? []).flatMap((o) => parseOrigin(o) ?? []);
  if (!originAllowed(params.url, resources)) {
    throw new LatchkeyError(
      'origin_not_allowed',
      `${new URL(params.url).origin} is not a resource origin of ${config.id}`,
    );
  }
  const { method, headers } = checkRequest(params);
  // A base64 body is sent as its bytes (checked as base64 by core's parseBrokerRequest).
  const requestBody =
    params.body !== undefined && params.bodyEncoding === 'base64'
      ? base64ToBytes(params.body)
      : params.body;
  // The token only once the destination is allowed and the request well-formed.
  let info = await token();
  const send = async (accessToken: string, dpop: boolean): Promise<Response> => {
    const h = new Headers(headers);
    if (dpop) {
      // A DPoP-bound token needs a proof signed with the session's key, which core holds (RFC 9449 §7).
      h.delete('Authorization');
      const response = await (
        await ctx.client()
      ).resourceRequest(
        config.id,
        {
          url: params.url,
          method,
          headers: h,
          ...(requestBody !== undefined && { body: requestBody }),
        },
        { accessToken, ...session },
      );
      // Redirects are not followed (a proof is for one URL): refused, as on the bearer path.
      if (response.type === 'opaqueredirect') throw new TypeError('redirect refused');
      return response;
    }
    const [name, value] = accessTokenHeader(config, accessToken);
    h.set(name, value);
    return ctx.fetch(params.url, {
      method,
      headers: h,
      ...(requestBody !== undefined ? { body: requestBody } : {}),
      credentials: 'omit',
      // A redirect could carry the token to another origin.
      redirect: 'error',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  };
  let bytes: Uint8Array;
  let response: Response;
  try {
    const dpop = info.tokenType.toLowerCase() === 'dpop';
    response = await send(info.accessToken, dpop);
    if (await isInvalidTokenChallenge(response, dpop ? 'dpop' : 'bearer')) {
      // The server refused the token (revoked, expired early): one refresh, one retry.
      await (await ctx.client()).refresh(config.id, session).catch(() => undefined);
      const again = await token().catch(() => undefined);
      if (again && again.accessToken !== info.accessToken) {
        await response.body?.cancel().catch(() => undefined);
        info = again;
        response = await send(info.accessToken, dpop);
      }
    }
    // Read under the same timeout, and never more than the bound.
    bytes = await readBoundedBytes(response, MAX_FETCH_RESPONSE_BYTES);
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
    // Bytes for a page that asked for them, else UTF-8 text (as `Response.text()`).
    ...(params.responseEncoding === 'base64'
      ? { body: bytesToBase64(bytes), bodyEncoding: 'base64' as const }
      : { body: new TextDecoder().decode(bytes) }),
  };
}
