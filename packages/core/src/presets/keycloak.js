import { presetInvalid, urlParam, withOptions, } from './preset.js';
export const keycloakInfo = {
    preset: 'keycloak',
    name: 'Keycloak',
    params: [
        { name: 'realmUrl', label: 'Realm URL', example: 'https://sso.example.com/realms/acme' },
    ],
    register: 'An OpenID Connect client with Client authentication off (public), Standard flow on, the redirect URI in Valid redirect URIs and the site origin in Web origins (CORS); set the PKCE method to S256 to require PKCE.',
    docs: 'https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients',
    publicClient: true,
};
/**
 * Keycloak, one realm: its URL (`…/realms/{realm}`; older servers put `/auth` before it) is the
 * issuer, endpoints from `{realm URL}/.well-known/openid-configuration`.
 *
 * - A browser app is a public client (client authentication off): "with a client-side application
 *   there is no way to keep a secret safe", so Keycloak relies on the exact redirect URIs
 *   registered for it. PKCE can be required per client (PKCE method S256).
 *   @see https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients
 * - `Web origins` lists the origins allowed cross-origin (CORS) requests, needed in page mode.
 */
export function keycloak(options) {
    const url = urlParam('keycloak', 'realmUrl', options.realmUrl);
    if (!/\/realms\/[^/]+$/.test(url.pathname)) {
        throw presetInvalid('keycloak', 'realmUrl', `must end in /realms/<realm>: ${JSON.stringify(options.realmUrl)}`);
    }
    return withOptions('keycloak', {
        name: 'Keycloak',
        issuer: `${url.origin}${url.pathname}`,
        scopes: ['openid', 'profile', 'email'],
    }, options);
}
