import { hostParam, presetInvalid, withOptions, } from './preset.js';
export const entraIdInfo = {
    preset: 'entra-id',
    name: 'Microsoft Entra ID',
    params: [
        {
            name: 'tenant',
            label: 'Tenant (directory ID, domain, common, organizations or consumers)',
            example: '8eaef023-2b34-4da1-9baa-8bc8c9d6a490',
        },
    ],
    register: 'An app registration with the redirect URI under the "Single-page application" platform (the spa type: only spa redirect URIs get CORS on the token endpoint), no client secret (authorization code flow with PKCE), and the supported account types that match the tenant.',
    docs: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
    publicClient: true,
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
/**
 * Microsoft Entra ID (Microsoft identity platform, v2.0 endpoints) for one tenant or many.
 *
 * - Redirect URIs of SPAs need the `spa` type ("Single-page application" platform): the token
 *   endpoint answers cross-origin (CORS) only for them, and with a `spa` redirect URI it requires
 *   an `Origin` header. Microsoft also refuses client credentials on requests that carry an
 *   `Origin` header, so no secret could be used from a browser anyway.
 *   @see https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redirect-uris-for-single-page-apps-spas
 * - Authority `https://login.microsoftonline.com/{tenant}/v2.0`, metadata at its
 *   `/.well-known/openid-configuration`; `{tenant}` is the tenant ID, a domain, `common`,
 *   `organizations` or `consumers`.
 *   @see https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc
 * - With a tenant ID the preset uses that authority as issuer (discovery, `iss` checked). For the
 *   other values the metadata's `issuer` is not the authority URL (the tenant-ID form, or a
 *   `{tenantid}` template for the multi-tenant values), which Latchkey's exact issuer check would
 *   refuse, so the preset gives the endpoints (`/oauth2/v2.0/authorize`, `/oauth2/v2.0/token`)
 *   without an issuer. Without an issuer there is nothing to check an id_token's `iss` against, so
 *   these default to scopes without `openid` (`offline_access` and Microsoft Graph `User.Read`).
 * - There is no RFC 7009 revocation endpoint; signing out forgets the tokens locally.
 */
export function entraId(options) {
    const raw = typeof options.tenant === 'string' ? options.tenant.trim() : '';
    const tenant = GUID.test(raw)
        ? raw.toLowerCase()
        : MULTI_TENANT.has(raw.toLowerCase())
            ? raw.toLowerCase()
            : raw === ''
                ? ''
                : hostParam('entra-id', 'tenant', raw);
    if (tenant === '') {
        throw presetInvalid('entra-id', 'tenant', 'is required (a tenant ID, domain, or common)');
    }
    const authority = `https://login.microsoftonline.com/${tenant}`;
    if (GUID.test(tenant)) {
        return withOptions('entra-id', {
            name: 'Microsoft',
            issuer: `${authority}/v2.0`,
            scopes: ['openid', 'profile', 'email', 'offline_access'],
        }, options);
    }
    return withOptions('entra-id', {
        name: 'Microsoft',
        authorizationEndpoint: `${authority}/oauth2/v2.0/authorize`,
        tokenEndpoint: `${authority}/oauth2/v2.0/token`,
        scopes: ['offline_access', 'https://graph.microsoft.com/User.Read'],
    }, options);
}
