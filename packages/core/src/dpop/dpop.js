import { LatchkeyError } from '../errors.js';
/** The client's DPoP support, or `config_invalid` for a client built without it. */
export function requireDpop(ctx, provider) {
    if (!ctx.dpop) {
        throw new LatchkeyError('config_invalid', `Provider ${provider.id}: this client has no DPoP or resource request support; use createClient, or createCodeFlowClient with dpopSupport from @latchkey/core/dpop`);
    }
    return ctx.dpop;
}
/** oauth4webapi's DPoP option for a request signed with `key`, or none for bearer tokens. */
export function dpopOption(ctx, provider, key) {
    return key ? { DPoP: requireDpop(ctx, provider).handle(provider, key) } : {};
}
/**
 * Runs a DPoP request, and once more when the server answered `use_dpop_nonce`: the handle has kept
 * the nonce from that answer, so the second proof carries it.
 * @see RFC 9449 §8 (authorization server nonce), §9 (resource server nonce)
 */
export async function withDpopNonceRetry(ctx, option, request) {
    try {
        return await request();
    }
    catch (err) {
        if (!option.DPoP || !ctx.dpop?.isNonceError(err))
            throw err;
        return request();
    }
}
/**
 * A `dpop` provider must issue DPoP-bound tokens: a bearer token in their place is refused rather
 * than used, since it would not give the binding the configuration asks for.
 * @see RFC 9449 §5 (`token_type` DPoP), §7
 */
export function requireDpopBound(provider, record) {
    if (record.tokenType.toLowerCase() !== 'dpop') {
        throw new LatchkeyError('invalid_response', `Provider ${provider.id} is configured for DPoP but issued a ${record.tokenType} token`);
    }
}
