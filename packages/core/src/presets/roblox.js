import { withOptions } from './preset.js';
export const robloxInfo = {
    preset: 'roblox',
    name: 'Roblox',
    params: [],
    register: 'An OAuth 2.0 app in the Creator Dashboard (OAuth 2.0 Apps) with this redirect URL and the permission scopes you request. Roblox shows a client secret: leave it unused, a public client uses PKCE instead.',
    docs: 'https://create.roblox.com/docs/cloud/auth/oauth2-develop',
    publicClient: true,
};
/**
 * Roblox Open Cloud (OAuth 2.0 with OpenID Connect), all endpoints under `https://apis.roblox.com/oauth`.
 *
 * - Public clients: Roblox requires the authorization code flow with PKCE for them and omits the
 *   client secret from the token request (the code verifier takes its place); `S256` is the method.
 *   @see https://create.roblox.com/docs/cloud/auth/oauth2-develop
 * - Endpoints, as listed in the reference and in the discovery document
 *   (`https://apis.roblox.com/oauth/.well-known/openid-configuration`): `v1/authorize`, `v1/token`
 *   (form-encoded, also the refresh grant), `v1/token/revoke` (takes the refresh token and ends the
 *   authorization session), `v1/userinfo`. The endpoints are given explicitly, so no metadata is
 *   needed to run a flow; the issuer `https://apis.roblox.com/oauth/` (with its trailing slash) is
 *   what `iss` is checked against, and where Latchkey does fetch the discovery document its
 *   `issuer` is the same string.
 *   @see https://create.roblox.com/docs/cloud/reference/oauth2
 * - id_tokens are signed with ES256 only (`id_token_signing_alg_values_supported: ["ES256"]`).
 * - Lifetimes: access tokens 15 minutes (`expires_in: 899`), authorization codes one minute, refresh
 *   tokens six months and single use (each refresh returns a new one).
 * - Scopes: `openid` for an id_token, `openid profile` for the user's names; API scopes such as
 *   `asset:read` must also be added to the app. Redirect URLs must be plain HTTPS, or HTTP/HTTPS on
 *   localhost, and registered on the app.
 *   @see https://create.roblox.com/docs/cloud/auth/oauth2-registration
 *
 * Register: {@link robloxInfo}.register.
 */
export function roblox(options) {
    return withOptions('roblox', {
        name: 'Roblox',
        issuer: 'https://apis.roblox.com/oauth/',
        authorizationEndpoint: 'https://apis.roblox.com/oauth/v1/authorize',
        tokenEndpoint: 'https://apis.roblox.com/oauth/v1/token',
        revocationEndpoint: 'https://apis.roblox.com/oauth/v1/token/revoke',
        userinfoEndpoint: 'https://apis.roblox.com/oauth/v1/userinfo',
        scopes: ['openid', 'profile'],
        codeChallengeMethod: 'S256',
        idTokenSigningAlgs: ['ES256'],
    }, options);
}
