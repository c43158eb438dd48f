import * as oauth from 'oauth4webapi';

import { originAllowed } from '../bridge/origin.js';
import type { ClientContext } from '../context.js';
import type { ResourceRequest } from '../shared-types.js';
import { dpopOption } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import type { TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import { accessTokenHeader } from './token-header.js';

export type { ResourceRequest } from '../shared-types.js';

/**
 * Sends `request` with `accessToken` to a protected resource on one of the provider's
 * `resourceOrigins` (else `origin_not_allowed`): in the header {@link accessTokenHeader} names (the
 * provider's `tokenHeader`, else `Authorization: Bearer`), or for a DPoP session
 * `Authorization: DPoP` with a proof bound to the method, the URL and the token (`ath`), sent once
 * more with the resource server's nonce when it asks for one. Redirects are not followed (a proof is
 * for one URL). Any other answer, a 401 included, is the caller's to read.
 * @see RFC 6750 §2.1, RFC 9449 §7 (DPoP at the resource), §9 (resource server nonce)
 */
export async function sendResourceRequest(
  ctx: ClientContext,
  provider: ProviderConfig,
  record: Pick<TokenRecord, 'dpopKey'>,
  accessToken: string,
  request: ResourceRequest,
): Promise<Response> {
  const resources = (provider.resourceOrigins ?? []).map((o) => new URL(o).origin);
  if (!originAllowed(request.url, resources)) {
    throw new LatchkeyError(
      'origin_not_allowed',
      `${new URL(request.url).origin} is not in the resourceOrigins of provider "${provider.id}"; its token is not sent there`,
    );
  }
  const dpop = dpopOption(ctx, provider, record.dpopKey);
  const headers = new Headers(request.headers);
  // The caller's own Authorization (oauth4webapi refuses one): kept when the token goes elsewhere.
  const own = dpop.DPoP ? null : headers.get('authorization');
  if (own !== null) headers.delete('authorization');
  const options = requestOptions(ctx, provider);
  const fetchOptions = dpop.DPoP
    ? options
    : {
        ...options,
        // oauth4webapi writes `Authorization: Bearer`; a bearer token goes where the provider says.
        [oauth.customFetch]: (
          url: string,
          init: oauth.CustomFetchOptions<string, oauth.ProtectedResourceRequestBody>,
        ) => {
          const h = new Headers(init.headers);
          h.delete('authorization');
          if (own !== null) h.set('authorization', own);
          const [name, value] = accessTokenHeader(provider, accessToken);
          h.set(name, value);
          return options[oauth.customFetch](url, { ...init, headers: h });
        },
      };
  const send = () =>
    oauth.protectedResourceRequest(
      accessToken,
      request.method ?? 'GET',
      new URL(request.url),
      headers,
      request.body ?? null,
      { ...fetchOptions, ...dpop },
    );
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof oauth.WWWAuthenticateChallengeError))
      throw toLatchkeyError(err, 'Resource request');
    if (dpop.DPoP && ctx.dpop?.isNonceError(err)) {
      await err.response.body?.cancel();
      try {
        return await send();
      } catch (again) {
        if (again instanceof oauth.WWWAuthenticateChallengeError) return again.response;
        throw toLatchkeyError(again, 'Resource request');
      }
    }
    return err.response;
  }
}
