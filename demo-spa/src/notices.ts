import { isLatchkeyError } from '@latchkey/web';

/** What the demo tells the person about a failure: a plain note, or a red error. */
export interface Notice {
  tone: 'info' | 'error';
  text: string;
}

export const describeError = (err: unknown): string =>
  isLatchkeyError(err)
    ? `${err.code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(err);

/**
 * A failed sign-in, sign-out or read, in words: the person's own choices (closing the window,
 * Cancel at the provider, Deny in the extension) are not protocol errors.
 */
export function noticeFor(err: unknown): Notice {
  const code = isLatchkeyError(err) ? err.code : undefined;
  switch (code) {
    case 'user_cancelled':
    case 'access_denied':
      return { tone: 'info', text: 'Sign-in cancelled.' };
    case 'consent_denied':
      return {
        tone: 'info',
        text:
          `You denied ${location.origin} this account in the Latchkey extension. To allow it again, ` +
          'open the extension (its toolbar icon) → Options → Sites, and revoke the denial; ' +
          'then sign in again.',
      };
    case 'popup_blocked':
      return {
        tone: 'info',
        text: 'The popup was blocked: allow popups for this site, or use “Sign in (redirect)”.',
      };
    default:
      return { tone: 'error', text: describeError(err) };
  }
}
