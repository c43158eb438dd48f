import * as oauth from 'oauth4webapi';

import { isLoopbackUrl } from '../config/loopback.js';
import type { ClientContext } from '../context.js';
import { LatchkeyError } from '../errors.js';
import { mapTokenResponse } from '../tokens/map-token-response.js';
import type { ProviderConfig } from '../types.js';

const MAX_RESPONSE_BYTES = 1_000_000;

/**
 * The `additionalParameters` of a token request: the provider's `extraTokenParams` and `more` (e.g.
 * a refresh's `scope`), without any parameter a grant sets itself (oauth4webapi sets the grant's own
 * over them; this also keeps another grant's out).
 * @see RFC 6749 §4.1.3, §6, RFC 7636 §4.5
 */
export function tokenParams(
  provider: ProviderConfig,
  more?: Record<string, string>,
): { additionalParameters: Record<string, string> } {
  const params: Record<string, string> = { ...provider.extraTokenParams, ...more };
  for (const k of [
    'grant_type',
    'client_id',
    'code',
    'code_verifier',
    'redirect_uri',
    'refresh_token',
    'device_code',
  ])
    delete params[k];
  return { additionalParameters: params };
}

/**
 * {@link tokenParams} with RFC 8707 `resource` parameters (one per resource), which a record of
 * parameters cannot carry more than once.
 * @see RFC 8707 §2.2
 */
export function tokenParamsWithResources(
  provider: ProviderConfig,
  more: Record<string, string> | undefined,
  resources: readonly string[] | undefined,
): { additionalParameters: Record<string, string> | [string, string][] } {
  const { additionalParameters } = tokenParams(provider, more);
  if (!resources?.length) return { additionalParameters };
  delete additionalParameters.resource;
  return {
    additionalParameters: [
      ...Object.entries(additionalParameters),
      ...resources.map((r): [string, string] => ['resource', r]),
    ],
  };
}

/**
 * oauth4webapi request options for one request of `provider`: the client's fetch and timeout, plain
 * http only to loopback (checked per request, so metadata cannot downgrade an https provider), and
 * at `tokenEndpoint` (the one this request goes to) the provider's `tokenRequestFormat` and
 * `tokenResponse`: a `json` provider gets the form oauth4webapi built as a JSON object with the same
 * fields (`Content-Type: application/json`), and the response is mapped before it is checked.
 * @see RFC 9700 §2.6 (TLS), RFC 8252 §8.3 (loopback), RFC 6749 §4.1.3
 */
export function requestOptions(
  ctx: ClientContext,
  provider: ProviderConfig,
  tokenEndpoint?: string,
) {
  const tokenHref = tokenEndpoint && new URL(tokenEndpoint).href;
  return {
    signal: AbortSignal.timeout(ctx.timeout),
    // oauth4webapi refuses http by default; this lets loopback through and the fetch below refuses
    // every other http URL.
    [oauth.allowInsecureRequests]: true,
    [oauth.customFetch]: async (url: string, options: object) => {
      const target = new URL(url);
      const atToken = url === tokenHref;
      let init = options as RequestInit;
      if (atToken && provider.tokenRequestFormat === 'json') {
        init = {
          ...init,
          body: JSON.stringify(Object.fromEntries(init.body as unknown as [string, string][])),
          headers: { ...init.headers, 'content-type': 'application/json' },
        };
      }
      if (target.protocol !== 'https:' && !(target.protocol === 'http:' && isLoopbackUrl(target))) {
        throw new LatchkeyError(
          'config_invalid',
          `Refusing a request to ${target.origin}: only https (or loopback http) is allowed`,
        );
      }
      const started = Date.now();
      const method = init.method ?? 'GET';
      // For the inspector: where and how it went, never a body, a query or a header (tokens).
      const report = (detail: Record<string, string | number | boolean>) =>
        ctx.emit({
          type: 'request',
          provider: provider.id,
          detail: {
            method,
            url: target.origin + target.pathname,
            durationMs: Date.now() - started,
            ...detail,
          },
        });
      let response: Response;
      try {
        response = await ctx.fetch(url, init);
      } catch (err) {
        report({ ok: false, error: err instanceof Error ? err.name : 'Error' });
        throw err;
      }
      report({ ok: response.ok, status: response.status });
      if (provider.tokenResponse && atToken) {
        return reshape(response, provider);
      }
      return response;
    },
  };
}

async function reshape(response: Response, provider: ProviderConfig): Promise<Response> {
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES)
    throw new LatchkeyError('invalid_response', 'Token response too large');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Response(JSON.stringify(mapTokenResponse(json, provider.tokenResponse!)), {
    status: response.status,
    headers,
  });
}
