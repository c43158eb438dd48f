import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { isLatchkeyErrorCode, LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { toTokenInfo, toTokenRecord } from '../tokens/token-record.js';
import type { TokenInfo } from '../types.js';
import { TRANSACTION_TTL_MS } from './begin-authorization.js';

const MAX_CALLBACK_LENGTH = 16_384;

/**
 * Handles the redirect back from the authorization server: finds the transaction by `state` (taking
 * it, so a state works once), checks `iss`, turns an error response into a {@link LatchkeyError} —
 * all before any token request — then exchanges the code with the PKCE verifier and stores the tokens.
 * @see RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207 §2.4, RFC 6749 §10.12 (state), RFC 7636 §4.5
 */
export async function processCallback(
  ctx: ClientContext,
  callbackUrl: string | URL,
): Promise<TokenInfo & { appState?: string }> {
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
  if (!provider)
    throw new LatchkeyError(
      'provider_unknown',
      `Provider ${transaction.provider} is no longer configured`,
    );
  if (
    url.origin + url.pathname !==
    new URL(transaction.redirectUri).origin + new URL(transaction.redirectUri).pathname
  ) {
    throw new LatchkeyError(
      'state_mismatch',
      'The callback did not arrive at the redirect URI of its transaction',
    );
  }
  const as = await resolveServer(ctx, provider);

  const iss = params.get('iss');
  if (transaction.issuer !== undefined) {
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
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    ctx.emit({ type: 'authorization_failed', provider: provider.id, detail: { error } });
    throw new LatchkeyError(
      isLatchkeyErrorCode(error) ? error : 'server_error',
      `The authorization server answered ${error}${description ? `: ${description}` : ''}`,
      {
        ...(description !== undefined && { error_description: description }),
      },
    );
  }

  const client = clientOf(provider);
  // Without a configured issuer, oauth4webapi checks `iss` against the one the response names.
  const checkedAs = transaction.issuer === undefined && iss !== null ? { ...as, issuer: iss } : as;
  try {
    const validated = oauth.validateAuthResponse(checkedAs, client, params, state!);
    const response = await oauth.authorizationCodeGrantRequest(
      checkedAs,
      client,
      oauth.None(),
      validated,
      transaction.redirectUri,
      transaction.codeVerifier,
      {
        ...requestOptions(ctx, provider, as.token_endpoint),
        ...(provider.extraTokenParams && { additionalParameters: provider.extraTokenParams }),
      },
    );
    const result = await oauth.processAuthorizationCodeResponse(checkedAs, client, response, {
      expectedNonce: transaction.nonce ?? oauth.expectNoNonce,
      requireIdToken: transaction.nonce !== undefined,
    });
    const record = toTokenRecord(provider, result, transaction.scopes);
    await ctx.storage.putTokens(record);
    ctx.emit({
      type: 'authorization_completed',
      provider: provider.id,
      detail: { account: record.account },
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
