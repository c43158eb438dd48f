import * as oauth from 'oauth4webapi';
import { originAllowed } from '../bridge/origin.js';
import { dpopOption } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
/**
 * Sends `request` with `accessToken` to a protected resource on one of the provider's
 * `resourceOrigins` (else `origin_not_allowed`): `Authorization: Bearer`, or for a DPoP session
 * `Authorization: DPoP` with a proof bound to the method, the URL and the token (`ath`), sent once
 * more with the resource server's nonce when it asks for one. Redirects are not followed (a proof is
 * for one URL). Any other answer, a 401 included, is the caller's to read.
 * @see RFC 6750 §2.1, RFC 9449 §7 (DPoP at the resource), §9 (resource server nonce)
 */
export async function sendResourceRequest(ctx, provider, record, accessToken, request) {
    const resources = (provider.resourceOrigins ?? []).map((o) => new URL(o).origin);
    if (!originAllowed(request.url, resources)) {
        throw new LatchkeyError('origin_not_allowed', `${new URL(request.url).origin} is not in the resourceOrigins of provider "${provider.id}"; its token is not sent there`);
    }
    const dpop = dpopOption(ctx, provider, record.dpopKey);
    const send = () => oauth.protectedResourceRequest(accessToken, request.method ?? 'GET', new URL(request.url), new Headers(request.headers), request.body ?? null, { ...requestOptions(ctx, provider), ...dpop });
    try {
        return await send();
    }
    catch (err) {
        if (!(err instanceof oauth.WWWAuthenticateChallengeError))
            throw toLatchkeyError(err, 'Resource request');
        if (dpop.DPoP && ctx.dpop?.isNonceError(err)) {
            await err.response.body?.cancel();
            try {
                return await send();
            }
            catch (again) {
                if (again instanceof oauth.WWWAuthenticateChallengeError)
                    return again.response;
                throw toLatchkeyError(again, 'Resource request');
            }
        }
        return err.response;
    }
}
