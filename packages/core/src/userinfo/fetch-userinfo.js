import * as oauth from 'oauth4webapi';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { dpopOption, withDpopNonceRetry } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
/**
 * Calls the userinfo endpoint with the access token in the `Authorization` header (`Bearer`, or
 * `DPoP` with a proof of the session's key) and checks that `sub` is the signed-in account's.
 * @see OIDC Core §5.3, RFC 6750 §2.1, RFC 9449 §7
 */
export async function fetchUserinfo(ctx, provider, accessToken, expectedSub, dpopKey) {
    const as = await resolveServer(ctx, provider);
    if (!as.userinfo_endpoint)
        throw new LatchkeyError('unsupported', `Provider ${provider.id} has no userinfo endpoint`);
    const client = clientOf(provider);
    const dpop = dpopOption(ctx, provider, dpopKey);
    try {
        return await withDpopNonceRetry(ctx, dpop, async () => {
            const response = await oauth.userInfoRequest(as, client, accessToken, {
                ...requestOptions(ctx, provider),
                ...dpop,
            });
            return {
                ...(await oauth.processUserInfoResponse(as, client, expectedSub || oauth.skipSubjectCheck, response)),
            };
        });
    }
    catch (err) {
        throw toLatchkeyError(err, 'Userinfo');
    }
}
