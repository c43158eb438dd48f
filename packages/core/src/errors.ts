/**
 * Every error code Latchkey raises, once: {@link LatchkeyErrorCode} is derived from this list, and
 * {@link isLatchkeyErrorCode} checks against it. The RFC 6749 codes are kept as the server sent them.
 */
export const LATCHKEY_ERROR_CODES = [
  // RFC 6749 §4.1.2.1 (authorization response) and §5.2 (token response), RFC 8628 §3.5
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'expired_token',
  'interaction_required',
  'consent_required',
  'login_required',
  'account_selection_required',
  'slow_down',
  'authorization_pending',
  // RFC 6750 §3.1
  'invalid_token',
  'insufficient_scope',
  // Latchkey's own
  'state_mismatch',
  'issuer_mismatch',
  'user_cancelled',
  'consent_denied',
  'origin_not_allowed',
  'provider_unknown',
  // An `account` was named that has no session with the provider.
  'no_session',
  'network_error',
  'invalid_response',
  'config_invalid',
  'timeout',
  'popup_blocked',
  'unsupported',
  'aborted',
  'internal_error',
] as const;

/** Every error Latchkey raises has one of these stable codes, so that `switch (err.code)` narrows. */
export type LatchkeyErrorCode = (typeof LATCHKEY_ERROR_CODES)[number];

/** The serialisable form of a {@link LatchkeyError}, as it crosses a context boundary. */
export interface LatchkeyErrorData {
  code: LatchkeyErrorCode;
  message: string;
  /** The server's own RFC 6749 `error` value, as sent (also when `code` could not keep it). */
  error?: string;
  /** RFC 6749 §5.2 `error_description`, where the server sent one. */
  error_description?: string;
  /** RFC 6749 §5.2 `error_uri`, where the server sent one. */
  error_uri?: string;
  /** HTTP status of the response that caused the error, where there was one. */
  status?: number;
  /** Whether trying the same call again may succeed (network, timeout, 5xx). */
  retryable?: boolean;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<string>(LATCHKEY_ERROR_CODES);

/** Whether `code` is one of the {@link LatchkeyErrorCode} values. */
export function isLatchkeyErrorCode(code: unknown): code is LatchkeyErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code);
}

export interface LatchkeyErrorOptions {
  cause?: unknown;
  error?: string;
  error_description?: string;
  error_uri?: string;
  status?: number;
  retryable?: boolean;
}

/** The one error class of Latchkey. */
export class LatchkeyError extends Error {
  override readonly name = 'LatchkeyError';
  readonly code: LatchkeyErrorCode;
  readonly error?: string;
  readonly error_description?: string;
  readonly error_uri?: string;
  readonly status?: number;
  readonly retryable: boolean;

  constructor(code: LatchkeyErrorCode, message: string, options: LatchkeyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.error !== undefined) this.error = options.error;
    if (options.error_description !== undefined) this.error_description = options.error_description;
    if (options.error_uri !== undefined) this.error_uri = options.error_uri;
    if (options.status !== undefined) this.status = options.status;
    this.retryable = options.retryable ?? false;
  }

  /** The `{ code, message, … }` data that crosses the extension boundary (CONTRIBUTING.md, "Errors"). */
  toJSON(): LatchkeyErrorData {
    const data: LatchkeyErrorData = { code: this.code, message: this.message };
    if (this.error !== undefined) data.error = this.error;
    if (this.error_description !== undefined) data.error_description = this.error_description;
    if (this.error_uri !== undefined) data.error_uri = this.error_uri;
    if (this.status !== undefined) data.status = this.status;
    if (this.retryable) data.retryable = true;
    return data;
  }

  /**
   * Rebuilds an error from data that came from another context. The data is untrusted: an unknown
   * code becomes `internal_error`, and only string/number/boolean fields are kept.
   */
  static fromJSON(data: unknown): LatchkeyError {
    if (typeof data !== 'object' || data === null) {
      return new LatchkeyError('internal_error', 'Malformed error data');
    }
    const d = data as Record<string, unknown>;
    const code = isLatchkeyErrorCode(d.code) ? d.code : 'internal_error';
    const message = typeof d.message === 'string' ? d.message.slice(0, 2000) : String(code);
    const options: LatchkeyErrorOptions = {};
    if (typeof d.error === 'string') options.error = d.error.slice(0, 200);
    if (typeof d.error_description === 'string')
      options.error_description = d.error_description.slice(0, 2000);
    if (typeof d.error_uri === 'string') options.error_uri = d.error_uri.slice(0, 2000);
    if (typeof d.status === 'number') options.status = d.status;
    if (d.retryable === true) options.retryable = true;
    return new LatchkeyError(code, message, options);
  }
}

/** Whether `value` is a {@link LatchkeyError} (also across realms, by shape). */
export function isLatchkeyError(value: unknown): value is LatchkeyError {
  return (
    value instanceof LatchkeyError ||
    (value instanceof Error &&
      value.name === 'LatchkeyError' &&
      isLatchkeyErrorCode((value as { code?: unknown }).code))
  );
}
