import { hostParam, withOptions } from './preset.js';
export const auth0Info = {
    preset: 'auth0',
    name: 'Auth0',
    params: [
        { name: 'domain', label: 'Auth0 domain', example: 'example.us.auth0.com' },
        { name: 'audience', label: 'API audience', example: 'https://api.example.com', optional: true },
    ],
    register: 'An application of type "Single Page Application" (token endpoint authentication: None; authorization code with PKCE) with the redirect URI in Allowed Callback URLs, the site origin in Allowed Web Origins for page mode, and Refresh Token Rotation on for refresh tokens.',
    docs: 'https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow-with-pkce',
    publicClient: true,
};
/**
 * Auth0, issuer `https://{domain}/` (with the trailing slash Auth0's metadata and tokens use),
 * endpoints from `https://{domain}/.well-known/openid-configuration`.
 *
 * - Browser apps use the authorization code flow with PKCE as a "Single Page Application": they
 *   cannot keep a secret, the code verifier replaces it.
 *   @see https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow-with-pkce
 * - Refresh tokens in the browser: turn on Refresh Token Rotation and request `offline_access`.
 *   Each refresh returns a new refresh token and reuse of an old one revokes the whole family.
 *   Auth0's page on the (confidential) authorization code flow notes that a token request made
 *   from a browser, with an `Origin` header, gets no refresh token there even with rotation and
 *   `offline_access`: register the Single Page Application type.
 *   @see https://auth0.com/docs/secure/tokens/refresh-tokens/refresh-token-rotation
 *   @see https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow
 * - `audience` selects the API the access token is for (sent as an authorization parameter).
 */
export function auth0(options) {
    const domain = hostParam('auth0', 'domain', options.domain);
    return withOptions('auth0', {
        name: 'Auth0',
        issuer: `https://${domain}/`,
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        ...(typeof options.audience === 'string' &&
            options.audience !== '' && { extraAuthParams: { audience: options.audience } }),
    }, options);
}
