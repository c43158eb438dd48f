import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf } from '../discovery/resolve-server.js';
import { dpopOption, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { requestOptions, tokenParamsWithResources } from '../http/request-options.js';
import type { TokenRecord, TransactionRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import { storeSession } from './store-session.js';
import { toTokenRecord } from './token-record.js';

/**
 * Exchanges a checked authorization code for tokens: a POST (form-encoded, or JSON for a `json`
 * provider) with the PKCE `code_verifier`, the transaction's exact `redirect_uri`, the `client_id`
 * and no client secret (`none` client authentication), plus the provider's `extraTokenParams`
 * (never in place of those). oauth4webapi then checks the response and any id_token's claims: `iss`,
 * `aud` (and `azp`), `exp`, `iat`, `sub`, the JWS `alg` against the algorithms the server is taken to
 * sign with (`id_token_signing_alg_values_supported` of the resolved server), and `nonce` when one
 * was sent (an id_token is then required). The id_token's signature is not verified: it comes
 * straight from the token endpoint over TLS (https, or http to loopback only), which OIDC Core
 * §3.1.3.7 (item 6) accepts in place of checking it. The token set
 * is stored in one write ({@link storeSession}); nothing is stored when a check fails. For a `dpop`
 * provider the request carries a DPoP proof of the transaction's key, and the tokens must come back
 * DPoP-bound. With one RFC 8707 `resource` asked for, the token request names it (§2.2); with
 * `max_age` asked for, the id_token's `auth_time` must be recent enough.
 * @see RFC 8707 §2.2, RFC 6749 §4.1.3–4.1.4, RFC 7636 §4.5, OIDC Core §3.1.3.7 (id_token validation), RFC 9449 §5
 */
export async function exchangeCode(
  ctx: ClientContext,
  provider: ProviderConfig,
  as: oauth.AuthorizationServer,
  callbackParameters: URLSearchParams,
  transaction: TransactionRecord,
): Promise<TokenRecord> {
  const client = clientOf(provider);
  const dpop = dpopOption(ctx, provider, transaction.dpopKey);
  // One resource asked for: the token is asked for it too (a server need not apply the grant's
  // resources by itself). Several: the grant covers them, tokens per resource come from refreshes.
  const resources = transaction.resources?.length === 1 ? transaction.resources : undefined;
  const result = await withDpopNonceRetry(ctx, dpop, async () => {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      callbackParameters,
      transaction.redirectUri,
      transaction.codeVerifier,
      {
        ...requestOptions(ctx, provider, as.token_endpoint),
        ...tokenParamsWithResources(provider, undefined, resources),
        ...dpop,
      },
    );
    return oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: transaction.nonce ?? oauth.expectNoNonce,
      requireIdToken: transaction.nonce !== undefined,
      // OIDC Core §3.1.2.1: with max_age, auth_time is required and must be recent enough.
      ...(transaction.maxAge !== undefined && { maxAge: transaction.maxAge }),
    });
  });
  const record = toTokenRecord(provider, result, transaction.scopes);
  if (resources) record.resources = resources;
  if (transaction.dpopKey) {
    requireDpopBound(provider, record);
    record.dpopKey = transaction.dpopKey;
  }
  await storeSession(ctx, provider, record);
  return record;
}
