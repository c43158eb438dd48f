import * as oauth from 'oauth4webapi';
import { clientOf } from '../discovery/resolve-server.js';
import { sendResourceRequest } from '../resource/resource-request.js';
/**
 * RFC 9449 DPoP through oauth4webapi: ES256 key pairs whose private key is not extractable
 * (WebCrypto keeps it; IndexedDB stores the handle, never the key material), proof handles that
 * track server nonces, and protected resource requests. `createClient` includes it;
 * `createCodeFlowClient` only when given it (from `@latchkey/core/dpop`).
 * @see RFC 9449 §2 (the key pair), §4 (proofs), §8–9 (nonces)
 */
/**
 * One handle per key while the key object lives (the broker's storage cache keeps it), so that the
 * latest nonce a server sent — on an error or on a success — goes into the next proof instead of
 * costing a refused request each time.
 * @see RFC 9449 §8.2 (providing a new nonce value)
 */
const handles = new WeakMap();
export const dpopSupport = {
    newKey: () => oauth.generateKeyPair('ES256', { extractable: false }),
    handle(provider, key) {
        let handle = handles.get(key.privateKey);
        if (!handle)
            handles.set(key.privateKey, (handle = oauth.DPoP(clientOf(provider), key)));
        return handle;
    },
    isNonceError: oauth.isDPoPNonceError,
    sendResourceRequest,
};
