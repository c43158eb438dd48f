import { presetInvalid, withOptions } from './preset.js';
export const bipsyncInfo = {
    preset: 'bipsync',
    name: 'Bipsync',
    params: [
        { name: 'client', label: 'Bipsync client name ({client}-api.bipsync.com)', example: 'acme' },
    ],
    register: 'A public OAuth application (in the Bipsync Setup App, or by Bipsync) with the Authorization Code and Refresh Token grants and the scopes you need; register the redirect URI exactly (absolute, no wildcards). PKCE is enforced.',
    docs: 'https://docs.bipsync.com/docs/oauth',
    publicClient: true,
};
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/**
 * Bipsync, on the per-client API host `https://{client}-api.bipsync.com`.
 *
 * - Discovery: Bipsync publishes RFC 8414 authorization server metadata at
 *   `https://{client}-api.bipsync.com/.well-known/oauth-authorization-server`, so the preset gives
 *   only the issuer and Latchkey reads the endpoints (authorization, token, device authorization)
 *   from there. Should the metadata's `issuer` be written differently from
 *   `https://{client}-api.bipsync.com` (Latchkey compares exactly, RFC 8414 §3.3), discovery fails
 *   with `issuer_mismatch`; set `issuer` to the metadata's value.
 *   @see https://docs.bipsync.com/docs/oauth
 * - Applications are confidential or public; a browser app must be a public one. Bipsync enforces
 *   PKCE for the authorization code grant, and redirect URIs must be registered, absolute, without
 *   wildcards.
 *   @see https://docs.bipsync.com/docs/authorization-code-grant
 * - Access tokens go in `Authorization: Bearer`, errors follow RFC 6749. The client credentials
 *   grant (team-wide tokens) needs the client secret: Latchkey refuses it.
 *   @see https://docs.bipsync.com/docs/client-credentials-grant
 * - Scopes are set per application by Bipsync; the preset requests none unless `scopes` is given.
 */
export function bipsync(options) {
    const client = typeof options.client === 'string' ? options.client.trim() : '';
    if (!LABEL.test(client)) {
        throw presetInvalid('bipsync', 'client', `must be the client name of https://{client}-api.bipsync.com: ${JSON.stringify(options.client)}`);
    }
    return withOptions('bipsync', { name: 'Bipsync', issuer: `https://${client.toLowerCase()}-api.bipsync.com` }, options);
}
