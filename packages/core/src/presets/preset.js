import { isSecureOrLoopback } from '../config/loopback.js';
import { LatchkeyError } from '../errors.js';
export const PRESET_OPTION_KEYS = [
    'clientId',
    'redirectUri',
    'id',
    'name',
    'scopes',
    'allowedOrigins',
    'resourceOrigins',
];
/** Lays the per-app options over a preset's data. The result is checked by `validateProviderConfig`. */
export function withOptions(preset, data, o) {
    const config = { ...data, id: o.id ?? preset, clientId: o.clientId };
    for (const key of PRESET_OPTION_KEYS) {
        const value = o[key];
        if (key !== 'id' && key !== 'clientId' && value !== undefined) {
            config[key] = value;
        }
    }
    return config;
}
export function presetInvalid(preset, param, message) {
    return new LatchkeyError('config_invalid', `Preset ${preset}: ${param} ${message}`);
}
/**
 * A host name (with an optional port) as a preset parameter: `example.okta.com`, also accepted
 * written as `https://example.okta.com/`. Anything with a path, query, credentials or another
 * scheme is refused, so a parameter cannot move an endpoint somewhere else.
 */
export function hostParam(preset, param, value) {
    if (typeof value !== 'string' || value.trim() === '') {
        throw presetInvalid(preset, param, 'is required (a host name like login.example.com)');
    }
    const written = value
        .trim()
        .replace(/^https:\/\//i, '')
        .replace(/\/$/, '');
    const url = URL.parse(`https://${written}`);
    if (!url || url.host !== written.toLowerCase() || !url.hostname.includes('.')) {
        throw presetInvalid(preset, param, `must be a host name like login.example.com: ${JSON.stringify(value)}`);
    }
    return url.host;
}
/** An https URL (http on loopback) as a preset parameter, without query or fragment or trailing `/`. */
export function urlParam(preset, param, value) {
    if (typeof value !== 'string' || value.trim() === '') {
        throw presetInvalid(preset, param, 'is required (an https URL)');
    }
    const url = URL.parse(value.trim().replace(/\/$/, ''));
    if (!url || !isSecureOrLoopback(url) || url.search || url.hash || url.username) {
        throw presetInvalid(preset, param, `must be an https URL without query or fragment: ${JSON.stringify(value)}`);
    }
    return url;
}
