import { withOptions } from './preset.js';
export const googleInfo = {
    preset: 'google',
    name: 'Google',
    params: [],
    register: 'No client type works as a pure browser public client: a "Web application" client accepts the https redirect URI but gets a client secret, which the code exchange expects and Latchkey never sends. See the preset documentation before relying on it.',
    docs: 'https://developers.google.com/identity/protocols/oauth2/native-app',
    publicClient: false,
};
/**
 * Google (OpenID Connect), issuer `https://accounts.google.com` with discovery.
 *
 * **Not a pure public client from the browser.** Google issues a client per application type.
 * Public clients (native and JavaScript apps) "do not use client secrets", but the types it treats
 * so are bound to a platform: Android and iOS apps, and the Chrome Extension type, which is for
 * `chrome.identity.getAuthToken` rather than a redirect the extension receives. A redirect URI a
 * browser can receive — the extension's `https://<id>.chromiumapp.org/` or an SPA's https URL — is
 * registered on a "Web application" client; Google gives that type a client secret and documents
 * its authorization code flow for servers that can keep one. Latchkey refuses client secrets (a
 * secret shipped in an extension or page is public), so with such a client the code exchange is
 * refused by Google unless it accepts the request without a secret. Test your client before
 * relying on this preset.
 * @see https://support.google.com/cloud/answer/15549257 (OAuth clients: public vs. private, application types)
 * @see https://developers.google.com/identity/protocols/oauth2/web-server (code flow for confidential clients)
 * @see https://developers.google.com/identity/protocols/oauth2/native-app (installed apps: PKCE, cannot keep secrets)
 *
 * - Endpoints come from `https://accounts.google.com/.well-known/openid-configuration`.
 * - `access_type=offline` asks for a refresh token (the web-server flow issues one only then).
 *   @see https://developers.google.com/identity/protocols/oauth2/web-server
 */
export function google(options) {
    return withOptions('google', {
        name: 'Google',
        issuer: 'https://accounts.google.com',
        scopes: ['openid', 'email', 'profile'],
        extraAuthParams: { access_type: 'offline' },
    }, options);
}
