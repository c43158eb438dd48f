import * as oauth from 'oauth4webapi';
import { isLatchkeyError, isLatchkeyErrorCode, LatchkeyError } from '../errors.js';
/** oauth4webapi processing failures that a second try may not repeat (a garbled or cut body). */
const TRANSIENT_PROCESSING = new Set([
    oauth.PARSE_ERROR,
    oauth.RESPONSE_IS_NOT_JSON,
    oauth.RESPONSE_IS_NOT_CONFORM,
    oauth.INVALID_RESPONSE,
]);
function statusOf(cause) {
    const status = cause?.status;
    return typeof status === 'number' ? status : undefined;
}
function described(what, error, description) {
    return `${what}: the server answered ${error}${description ? ` (${description})` : ''}`;
}
/**
 * Turns whatever a request or oauth4webapi threw into a {@link LatchkeyError}: the server's RFC 6749
 * `error` code kept as sent (and in `error`), with `error_description`, `error_uri` and the HTTP
 * status; 5xx, network failures, timeouts and garbled bodies marked retryable.
 * @see RFC 6749 §5.2 (token errors), §4.1.2.1 (authorization errors), RFC 6750 §3 (bearer challenges)
 */
export function toLatchkeyError(err, what) {
    if (isLatchkeyError(err))
        return err;
    if (err instanceof oauth.ResponseBodyError) {
        const retryable = err.status >= 500 || err.error === 'temporarily_unavailable' || err.error === 'server_error';
        const code = isLatchkeyErrorCode(err.error)
            ? err.error
            : retryable
                ? 'server_error'
                : 'invalid_request';
        const uri = err.cause.error_uri;
        return new LatchkeyError(code, described(what, err.error, err.error_description), {
            cause: err,
            error: err.error,
            status: err.status,
            retryable,
            ...(err.error_description !== undefined && { error_description: err.error_description }),
            ...(typeof uri === 'string' && { error_uri: uri }),
        });
    }
    if (err instanceof oauth.AuthorizationResponseError) {
        const uri = err.cause.get('error_uri');
        const code = isLatchkeyErrorCode(err.error) ? err.error : 'server_error';
        return new LatchkeyError(code, described(what, err.error, err.error_description), {
            cause: err,
            error: err.error,
            retryable: err.error === 'temporarily_unavailable' || err.error === 'server_error',
            ...(err.error_description !== undefined && { error_description: err.error_description }),
            ...(uri !== null && { error_uri: uri }),
        });
    }
    if (err instanceof oauth.WWWAuthenticateChallengeError) {
        const challenge = err.cause[0];
        const error = challenge?.parameters.error;
        const description = challenge?.parameters.error_description;
        return new LatchkeyError(isLatchkeyErrorCode(error) ? error : 'invalid_token', described(what, error ?? `HTTP ${err.status}`, description), {
            cause: err,
            status: err.status,
            ...(error !== undefined && { error }),
            ...(description !== undefined && { error_description: description }),
        });
    }
    if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        return new LatchkeyError('timeout', `${what}: no answer in time`, {
            cause: err,
            retryable: true,
        });
    }
    if (err instanceof oauth.OperationProcessingError) {
        const status = statusOf(err.cause);
        if (status !== undefined && status >= 500) {
            return new LatchkeyError('server_error', `${what}: the server answered HTTP ${status}`, {
                cause: err,
                status,
                retryable: true,
            });
        }
        return new LatchkeyError('invalid_response', `${what}: ${err.message}`, {
            cause: err,
            retryable: err.code !== undefined && TRANSIENT_PROCESSING.has(err.code),
            ...(status !== undefined && { status }),
        });
    }
    if (err instanceof oauth.UnsupportedOperationError) {
        // An unknown token_type, an id_token signed with an algorithm WebCrypto lacks, …
        return new LatchkeyError('invalid_response', `${what}: ${err.message}`, { cause: err });
    }
    // oauth4webapi's argument checks throw TypeErrors with a `code`; fetch's network failure has none.
    if (err instanceof TypeError && err.code === undefined) {
        return new LatchkeyError('network_error', `${what}: ${err.message}`, {
            cause: err,
            retryable: true,
        });
    }
    return new LatchkeyError('internal_error', `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
