import * as oauth from 'oauth4webapi';

import { clientOf } from '../discovery/resolve-server.js';
import type { DpopSupport } from './dpop.js';

/**
 * RFC 9449 DPoP through oauth4webapi: ES256 key pairs whose private key is not extractable
 * (WebCrypto keeps it; IndexedDB stores the handle, never the key material), proof handles that
 * track server nonces. `createClient` includes it; `createCodeFlowClient` leaves it out of bundles.
 * @see RFC 9449 §2 (the key pair), §4 (proofs), §8–9 (nonces)
 */
export const dpopSupport: DpopSupport = {
  newKey: () => oauth.generateKeyPair('ES256', { extractable: false }),
  handle: (provider, key) => oauth.DPoP(clientOf(provider), key),
  isNonceError: oauth.isDPoPNonceError,
};
