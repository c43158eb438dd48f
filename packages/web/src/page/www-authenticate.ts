import * as oauth from 'oauth4webapi';

/**
 * Longest `WWW-Authenticate` header read. Real challenges are a few hundred characters; a longer
 * header is not read at all (its 401 is the caller's to see, without a retry), so that a hostile or
 * broken server cannot make the page spend its time parsing.
 */
export const MAX_CHALLENGE_CHARS = 8192;

// oauth4webapi keeps its parser private; `processUserInfoResponse` runs it before anything else and
// throws the parsed challenges as the cause of a `WWWAuthenticateChallengeError`. Only the header is
// read (the body is left alone), and these placeholders pass its argument checks.
const AS: oauth.AuthorizationServer = { issuer: 'https://a' };
const CLIENT: oauth.Client = { client_id: 'a' };

/**
 * The challenges of `response`'s `WWW-Authenticate` header, parsed by oauth4webapi; `undefined` when
 * there is none, it is malformed, or it is longer than {@link MAX_CHALLENGE_CHARS}. For a response
 * that is not a `200` (on a `200` oauth4webapi would go on to read it as a userinfo body).
 * @see RFC 9110 §11.6.1 (WWW-Authenticate), §11.2 (challenge syntax)
 */
export async function readChallenges(
  response: Response,
): Promise<oauth.WWWAuthenticateChallenge[] | undefined> {
  if ((response.headers.get('WWW-Authenticate')?.length ?? 0) > MAX_CHALLENGE_CHARS) return;
  try {
    await oauth.processUserInfoResponse(AS, CLIENT, oauth.skipSubjectCheck, response);
  } catch (err) {
    if (err instanceof oauth.WWWAuthenticateChallengeError) return err.cause;
  }
}

/**
 * Whether `response` says the access token itself was refused: a 401 whose Bearer (or, for a
 * DPoP-bound token, DPoP) challenge carries `error="invalid_token"` (expired, revoked). Other 401s
 * are not retried. The header may hold several challenges (`Basic realm="a", Bearer error="…"`).
 * @see RFC 6750 §3.1, RFC 9449 §7.1
 */
export async function isInvalidTokenChallenge(
  response: Response,
  scheme = 'bearer',
): Promise<boolean> {
  return (
    response.status === 401 &&
    !!(await readChallenges(response))?.some(
      (c) => c.scheme === scheme && c.parameters.error === 'invalid_token',
    )
  );
}
