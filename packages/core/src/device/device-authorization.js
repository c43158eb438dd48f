import * as oauth from 'oauth4webapi';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { dpopOption, requireDpop, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { withProviderLock } from '../lock/with-refresh-lock.js';
import { toTokenInfo, toTokenRecord } from '../tokens/token-record.js';
/**
 * Starts the device authorization grant: returns the code for the user at once, and polls the token
 * endpoint at the server's `interval` (5 s when absent, +5 s on `slow_down`) until the user approves,
 * denies (`access_denied`), the code expires (`expired_token`), or `abort()` (`aborted`).
 * @see RFC 8628 §3.1–3.5
 */
export async function startDeviceAuthorization(ctx, provider, scopes) {
    const as = await resolveServer(ctx, provider);
    if (!as.device_authorization_endpoint) {
        throw new LatchkeyError('unsupported', `Provider ${provider.id} has no device authorization endpoint`);
    }
    const client = clientOf(provider);
    let started;
    try {
        const response = await oauth.deviceAuthorizationRequest(as, client, oauth.None(), scopes.length ? { scope: scopes.join(' ') } : {}, requestOptions(ctx, provider));
        started = await oauth.processDeviceAuthorizationResponse(as, client, response);
    }
    catch (err) {
        throw toLatchkeyError(err, 'Device authorization');
    }
    const expiresAt = Date.now() + started.expires_in * 1000;
    const abort = new AbortController();
    ctx.emit({ type: 'device_authorization_started', provider: provider.id });
    const sleep = (ms) => new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        abort.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new LatchkeyError('aborted', 'Device authorization aborted'));
        }, { once: true });
    });
    // DPoP: the token request of the grant carries a proof, and the tokens come back bound to the key.
    const dpopKey = provider.dpop ? await requireDpop(ctx, provider).newKey() : undefined;
    const dpop = dpopOption(ctx, provider, dpopKey);
    const poll = async () => {
        let interval = (started.interval ?? 5) * 1000;
        for (;;) {
            await sleep(interval);
            if (Date.now() >= expiresAt)
                throw new LatchkeyError('expired_token', 'The device code expired before the user approved it');
            try {
                const result = await withDpopNonceRetry(ctx, dpop, async () => {
                    const response = await oauth.deviceCodeGrantRequest(as, client, oauth.None(), started.device_code, {
                        ...requestOptions(ctx, provider, as.token_endpoint),
                        ...(provider.extraTokenParams && { additionalParameters: provider.extraTokenParams }),
                        ...dpop,
                    });
                    return oauth.processDeviceCodeResponse(as, client, response);
                });
                if (abort.signal.aborted)
                    throw new LatchkeyError('aborted', 'Device authorization aborted');
                const record = toTokenRecord(provider, result, scopes);
                if (dpopKey) {
                    requireDpopBound(provider, record);
                    record.dpopKey = dpopKey;
                }
                await withProviderLock(ctx, provider.id, () => ctx.storage.putTokens(record));
                ctx.emit({
                    type: 'authorization_completed',
                    provider: provider.id,
                    detail: { grant: 'device_code' },
                });
                return toTokenInfo(record);
            }
            catch (err) {
                if (err instanceof oauth.ResponseBodyError && err.error === 'authorization_pending')
                    continue;
                if (err instanceof oauth.ResponseBodyError && err.error === 'slow_down') {
                    interval += 5000;
                    continue;
                }
                const e = toLatchkeyError(err, 'Device authorization');
                // A network hiccup while polling is not the end of the flow (RFC 8628 §3.5 asks to back off).
                if (e.retryable && e.code !== 'server_error') {
                    interval = Math.min(interval * 2, 60_000);
                    continue;
                }
                throw e;
            }
        }
    };
    const done = poll();
    // The caller may never await `done` (e.g. it aborts); don't report that as an unhandled rejection.
    done.catch(() => { });
    return {
        userCode: started.user_code,
        verificationUri: started.verification_uri,
        ...(started.verification_uri_complete !== undefined && {
            verificationUriComplete: started.verification_uri_complete,
        }),
        expiresAt,
        done,
        abort: () => abort.abort(),
    };
}
