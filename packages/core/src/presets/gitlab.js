import { hostParam, withOptions } from './preset.js';
export const gitlabInfo = {
    preset: 'gitlab',
    name: 'GitLab',
    params: [
        { name: 'host', label: 'GitLab host (self-managed)', example: 'gitlab.com', optional: true },
    ],
    register: 'An application (user, group or instance Applications settings) with the redirect URI, the scopes you request, and "Confidential" turned off (single-page and native apps are non-confidential); it then uses the authorization code with PKCE.',
    docs: 'https://docs.gitlab.com/api/oauth2/',
    publicClient: true,
};
/**
 * GitLab.com or a self-managed GitLab, issuer `https://{host}` with OpenID Connect discovery
 * (`https://{host}/.well-known/openid-configuration`; the `openid` scope must be selected on the
 * application). Latchkey compares the metadata's `issuer` exactly: should an instance write it
 * differently (e.g. with a trailing slash), discovery fails with `issuer_mismatch`; then set
 * `issuer` to the metadata's value.
 * @see https://docs.gitlab.com/integration/openid_connect_provider/
 *
 * - Authorization code with PKCE is GitLab's recommended flow for client apps; the application
 *   must be non-confidential ("Native mobile apps and Single Page Apps are considered
 *   non-confidential"), and then has no secret to send.
 *   @see https://docs.gitlab.com/api/oauth2/
 *   @see https://docs.gitlab.com/api/applications/
 * - `/oauth/token`, `/oauth/revoke` and `/oauth/userinfo` answer CORS preflight requests, so page
 *   mode works without a proxy (only simple headers and `Authorization` in preflight).
 * - Scopes: `openid profile email` for sign-in; add `read_user`, `read_api` or `api` for the API.
 */
export function gitlab(options) {
    const host = options.host === undefined ? 'gitlab.com' : hostParam('gitlab', 'host', options.host);
    return withOptions('gitlab', { name: 'GitLab', issuer: `https://${host}`, scopes: ['openid', 'profile', 'email'] }, options);
}
