import * as oauth from 'oauth4webapi';
import { clientOf } from '../discovery/resolve-server.js';
import { dpopOption, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { requestOptions } from '../http/request-options.js';
import { withProviderLock } from '../lock/with-refresh-lock.js';
import { toTokenRecord } from './token-record.js';
/**
 * Exchanges a checked authorization code for tokens: a form-encoded POST with the PKCE
 * `code_verifier`, the transaction's exact `redirect_uri`, no client secret (`none` client
 * authentication) and the provider's `extraTokenParams`; then lets oauth4webapi check the response and
 * any id_token (signature, `iss`, `aud`, `exp`, and `nonce` when one was sent), and stores the token
 * set in one write. Nothing is stored when a check fails. For a `dpop` provider the request carries a
 * DPoP proof of the transaction's key, and the tokens must come back DPoP-bound.
 * @see RFC 6749 §4.1.3–4.1.4, RFC 7636 §4.5, OIDC Core §3.1.3.7 (id_token validation), RFC 9449 §5
 */
export async function exchangeCode(ctx, provider, as, callbackParameters, transaction) {
    const client = clientOf(provider);
    const dpop = dpopOption(ctx, provider, transaction.dpopKey);
    const result = await withDpopNonceRetry(ctx, dpop, async () => {
        const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callbackParameters, transaction.redirectUri, transaction.codeVerifier, {
            ...requestOptions(ctx, provider, as.token_endpoint),
            ...(provider.extraTokenParams && { additionalParameters: provider.extraTokenParams }),
            ...dpop,
        });
        return oauth.processAuthorizationCodeResponse(as, client, response, {
            expectedNonce: transaction.nonce ?? oauth.expectNoNonce,
            requireIdToken: transaction.nonce !== undefined,
        });
    });
    const record = toTokenRecord(provider, result, transaction.scopes);
    if (transaction.dpopKey) {
        requireDpopBound(provider, record);
        record.dpopKey = transaction.dpopKey;
    }
    // After any refresh of the old session queued before it: none can write over the new one.
    await withProviderLock(ctx, provider.id, () => ctx.storage.putTokens(record));
    return record;
}
