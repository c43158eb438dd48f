import * as oauth from 'oauth4webapi';

import { isLatchkeyError, isLatchkeyErrorCode, LatchkeyError } from '../errors.js';

/**
 * Turns whatever a request or oauth4webapi threw into a {@link LatchkeyError}: the server's RFC 6749
 * §5.2 `error` code kept as sent, 5xx, network failures and timeouts marked retryable.
 */
export function toLatchkeyError(err: unknown, what: string): LatchkeyError {
  if (isLatchkeyError(err)) return err;
  if (err instanceof oauth.ResponseBodyError) {
    const retryable =
      err.status >= 500 || err.error === 'temporarily_unavailable' || err.error === 'server_error';
    const code = isLatchkeyErrorCode(err.error)
      ? err.error
      : retryable
        ? 'server_error'
        : 'invalid_request';
    return new LatchkeyError(
      code,
      `${what}: the server answered ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`,
      {
        cause: err,
        status: err.status,
        retryable,
        ...(err.error_description !== undefined && { error_description: err.error_description }),
      },
    );
  }
  if (err instanceof oauth.AuthorizationResponseError) {
    const code = isLatchkeyErrorCode(err.error) ? err.error : 'server_error';
    return new LatchkeyError(code, `${what}: the authorization server answered ${err.error}`, {
      cause: err,
      ...(err.error_description !== undefined && { error_description: err.error_description }),
    });
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = err.cause[0];
    const code = challenge?.parameters.error;
    return new LatchkeyError(
      isLatchkeyErrorCode(code) ? code : 'invalid_token',
      `${what}: the server refused the token`,
      {
        cause: err,
        status: err.status,
        ...(challenge?.parameters.error_description !== undefined && {
          error_description: challenge.parameters.error_description,
        }),
      },
    );
  }
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new LatchkeyError('timeout', `${what}: no answer in time`, {
      cause: err,
      retryable: true,
    });
  }
  if (err instanceof oauth.OperationProcessingError) {
    const status = (err.cause as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 500) {
      return new LatchkeyError('server_error', `${what}: the server answered HTTP ${status}`, {
        cause: err,
        status,
        retryable: true,
      });
    }
    return new LatchkeyError('invalid_response', `${what}: ${err.message}`, {
      cause: err,
      retryable: true,
    });
  }
  if (err instanceof TypeError) {
    return new LatchkeyError('network_error', `${what}: ${err.message}`, {
      cause: err,
      retryable: true,
    });
  }
  return new LatchkeyError(
    'internal_error',
    `${what}: ${err instanceof Error ? err.message : String(err)}`,
    { cause: err },
  );
}
