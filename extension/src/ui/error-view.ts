import { isLatchkeyError } from '@latchkey/core';

/** What the UI shows of an error: its stable code and a message. */
export interface ErrorView {
  code: string;
  message: string;
}

/** Any thrown value as an {@link ErrorView}; a LatchkeyError keeps its code. */
export function toErrorView(error: unknown): ErrorView {
  if (isLatchkeyError(error)) {
    const message = error.error_description ?? error.message;
    return { code: error.code, message };
  }
  if (error instanceof Error) return { code: 'internal_error', message: error.message };
  return { code: 'internal_error', message: String(error) };
}
