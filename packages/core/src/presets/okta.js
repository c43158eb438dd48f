import { hostParam, presetInvalid, withOptions, } from './preset.js';
export const oktaInfo = {
    preset: 'okta',
    name: 'Okta',
    params: [
        { name: 'domain', label: 'Okta domain', example: 'example.okta.com' },
        {
            name: 'authorizationServer',
            label: 'Authorization server id (default, or org)',
            example: 'default',
            optional: true,
        },
    ],
    register: 'An OIDC app integration of type "Single-Page Application" with the Authorization Code (PKCE) and Refresh Token grants and the redirect URI under Sign-in redirect URIs; for page mode, the site origin as a Trusted Origin with CORS.',
    docs: 'https://developer.okta.com/docs/guides/sign-into-spa/react/create-okta-application/',
    publicClient: true,
};
const SERVER_ID = /^[A-Za-z0-9]+$/;
/**
 * Okta, issuer `https://{domain}/oauth2/{authorizationServer}` (custom authorization server,
 * `default` unless given) or `https://{domain}` (`org`), with discovery.
 *
 * - The app integration must be a "Single-Page Application": Okta notes that another type makes
 *   its endpoints try to verify a client secret, which a public client does not have. Grant types
 *   Authorization Code (PKCE) and Refresh Token; refresh tokens rotate.
 *   @see https://developer.okta.com/docs/guides/sign-into-spa/react/create-okta-application/
 * - A page calling Okta from its own origin needs that origin as a Trusted Origin with CORS.
 *   @see https://developer.okta.com/docs/guides/enable-cors/main/
 */
export function okta(options) {
    const domain = hostParam('okta', 'domain', options.domain);
    const server = options.authorizationServer ?? 'default';
    if (typeof server !== 'string' || !SERVER_ID.test(server)) {
        throw presetInvalid('okta', 'authorizationServer', `must be an authorization server id or "org": ${JSON.stringify(server)}`);
    }
    return withOptions('okta', {
        name: 'Okta',
        issuer: server === 'org' ? `https://${domain}` : `https://${domain}/oauth2/${server}`,
        scopes: ['openid', 'profile', 'email', 'offline_access'],
    }, options);
}
