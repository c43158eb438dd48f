import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { LatchkeyError } from '../errors.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import type { TransactionRecord } from '../storage/types.js';
import { exchangeCode } from '../tokens/exchange-code.js';
import { toTokenInfo } from '../tokens/token-record.js';
import type { TokenInfo } from '../types.js';
import { TRANSACTION_TTL_MS } from './begin-authorization.js';

const MAX_CALLBACK_LENGTH = 16_384;

/**
 * Handles the redirect back from the authorization server: finds the transaction by `state` (taking
 * it, so a state works once, and refusing one older than 10 minutes), checks that the response comes
 * from the transaction's issuer (RFC 9207 `iss`, mix-up defence) and turns an error response into a
 * {@link LatchkeyError} carrying the server's `error` and `error_description` — all before any token
 * request. Then {@link exchangeCode} trades the code for tokens.
 * @see RFC 6749 §4.1.2, §4.1.2.1, §10.12 (state), RFC 9207 §2.4, RFC 9700 §4.4 (mix-up)
 */
export async function processCallback(
  ctx: ClientContext,
  callbackUrl: string | URL,
): Promise<TokenInfo & { appState?: string }> {
  if (typeof callbackUrl !== 'string' && !(callbackUrl instanceof URL))
    throw new LatchkeyError('invalid_request', 'Callback URL must be a string');
  const href = String(callbackUrl);
  if (href.length > MAX_CALLBACK_LENGTH)
    throw new LatchkeyError('invalid_request', 'Callback URL too long');
  const url = URL.parse(href);
  if (!url) throw new LatchkeyError('invalid_request', 'Callback URL is not a URL');
  // A fragment response (response_mode=fragment) is read the same way as a query.
  const params =
    url.hash.length > 1 && !url.searchParams.has('state')
      ? new URLSearchParams(url.hash.slice(1))
      : url.searchParams;

  const state = params.get('state');
  const transaction = state ? await ctx.storage.takeTransaction(state) : undefined;
  if (!transaction || Date.now() - transaction.createdAt > TRANSACTION_TTL_MS) {
    throw new LatchkeyError(
      'state_mismatch',
      state
        ? 'Unknown, used or expired state: this callback matches no pending sign-in'
        : 'The callback carries no state',
    );
  }
  const provider = ctx.providers.get(transaction.provider);
  if (!provider) {
    throw new LatchkeyError(
      'provider_unknown',
      `Provider ${transaction.provider} is no longer configured`,
    );
  }
  const expected = URL.parse(transaction.redirectUri);
  if (!expected || !sameEndpoint(url, expected)) {
    throw new LatchkeyError(
      'state_mismatch',
      'The callback did not arrive at the redirect URI of its transaction',
    );
  }
  const as = await resolveServer(ctx, provider);
  checkIssuer(params, transaction, as);

  const iss = params.get('iss');
  // Without a configured issuer there is nothing to hold `iss` to (RFC 9207 §2.4 needs a known
  // issuer): oauth4webapi then checks it against itself, once it is known to be an issuer URL.
  if (transaction.issuer === undefined && iss !== null && !URL.canParse(iss)) {
    throw new LatchkeyError(
      'invalid_response',
      'The response carries an iss that is not an issuer URL (RFC 9207 §2)',
    );
  }
  const checkedAs = transaction.issuer === undefined && iss !== null ? { ...as, issuer: iss } : as;
  let validated: URLSearchParams;
  try {
    validated = oauth.validateAuthResponse(checkedAs, clientOf(provider), params, state!);
  } catch (err) {
    const e = toLatchkeyError(err, 'Authorization');
    ctx.emit({
      type: 'authorization_failed',
      provider: provider.id,
      detail: { error: e.error ?? e.code },
    });
    throw e;
  }

  try {
    const record = await exchangeCode(ctx, provider, checkedAs, validated, transaction);
    ctx.emit({
      type: 'authorization_completed',
      provider: provider.id,
      account: record.account,
      detail: { account: record.account, scopes: record.scopes.join(' ') },
    });
    return {
      ...toTokenInfo(record),
      ...(transaction.appState !== undefined && { appState: transaction.appState }),
    };
  } catch (err) {
    const e = toLatchkeyError(err, 'Token exchange');
    ctx.emit({ type: 'authorization_failed', provider: provider.id, detail: { error: e.code } });
    throw e;
  }
}

/**
 * Whether the callback arrived at the transaction's redirect URI: same scheme, user info, host, port
 * and path, compared exactly (the query carries the response). Comparing origins would not do: every
 * custom scheme's origin is `"null"`, so `javascript:/oauth` would pass for `com.example.app:/oauth`.
 * @see RFC 6749 §3.1.2, RFC 8252 §7.1 (private-use URI schemes)
 */
function sameEndpoint(actual: URL, expected: URL): boolean {
  return (
    actual.protocol === expected.protocol &&
    actual.username === expected.username &&
    actual.password === expected.password &&
    actual.host === expected.host &&
    actual.pathname === expected.pathname
  );
}

/**
 * The mix-up defence: a response naming another issuer, or naming none when this server always
 * names itself, is refused with `issuer_mismatch`.
 * @see RFC 9207 §2.4
 */
function checkIssuer(
  params: URLSearchParams,
  transaction: TransactionRecord,
  as: oauth.AuthorizationServer,
): void {
  if (transaction.issuer === undefined) return;
  const iss = params.get('iss');
  if (iss === null && as.authorization_response_iss_parameter_supported) {
    throw new LatchkeyError(
      'issuer_mismatch',
      `The response carries no iss, but ${transaction.issuer} says it always sends one (RFC 9207 §2.4)`,
    );
  }
  if (iss !== null && iss !== transaction.issuer) {
    throw new LatchkeyError(
      'issuer_mismatch',
      `The response comes from ${iss}, not from ${transaction.issuer}: refusing it (mix-up defence, RFC 9207)`,
    );
  }
}
