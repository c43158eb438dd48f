/**
 * Codes after which an interactive `getToken` starts a sign-in instead of rejecting: the session is
 * missing or dead (`invalid_grant`: the refresh token was refused), or the server wants the user.
 * The same in both modes (in extension mode the broker asks for consent too).
 * @see RFC 6749 §5.2 (`invalid_grant`), OpenID Connect Core §3.1.2.6
 */
export const INTERACTION_CODES: readonly string[] = [
  'login_required',
  'consent_required',
  'interaction_required',
  'invalid_grant',
];
