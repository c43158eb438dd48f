import * as oauth from 'oauth4webapi';
import { isLoopbackUrl } from '../config/loopback.js';
import { LatchkeyError } from '../errors.js';
import { mapTokenResponse } from '../tokens/map-token-response.js';
const MAX_RESPONSE_BYTES = 1_000_000;
/**
 * oauth4webapi request options for one request of `provider`: the client's fetch and timeout, plain
 * http only to loopback (checked per request, so metadata cannot downgrade an https provider), and
 * the provider's `tokenResponse` mapping applied to token endpoint responses before they are checked.
 * @see RFC 9700 §2.6 (TLS), RFC 8252 §8.3 (loopback)
 */
export function requestOptions(ctx, provider, tokenEndpoint) {
    return {
        signal: AbortSignal.timeout(ctx.timeout),
        // oauth4webapi refuses http by default; this lets loopback through and the fetch below refuses
        // every other http URL.
        [oauth.allowInsecureRequests]: true,
        [oauth.customFetch]: async (url, init) => {
            const target = new URL(url);
            if (target.protocol !== 'https:' && !(target.protocol === 'http:' && isLoopbackUrl(target))) {
                throw new LatchkeyError('config_invalid', `Refusing a request to ${target.origin}: only https (or loopback http) is allowed`);
            }
            const started = Date.now();
            const method = init.method ?? 'GET';
            // For the inspector: where and how it went, never a body, a query or a header (tokens).
            const report = (detail) => ctx.emit({
                type: 'request',
                provider: provider.id,
                detail: {
                    method,
                    url: target.origin + target.pathname,
                    durationMs: Date.now() - started,
                    ...detail,
                },
            });
            let response;
            try {
                response = await ctx.fetch(url, init);
            }
            catch (err) {
                report({ ok: false, error: err instanceof Error ? err.name : 'Error' });
                throw err;
            }
            report({ ok: response.ok, status: response.status });
            if (provider.tokenResponse && tokenEndpoint !== undefined && url === tokenEndpoint) {
                return reshape(response, provider);
            }
            return response;
        },
    };
}
async function reshape(response, provider) {
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES)
        throw new LatchkeyError('invalid_response', 'Token response too large');
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return new Response(text, { status: response.status, headers: response.headers });
    }
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    return new Response(JSON.stringify(mapTokenResponse(json, provider.tokenResponse)), {
        status: response.status,
        headers,
    });
}
