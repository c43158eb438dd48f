import { LatchkeyError } from '../errors.js';
import { auth0, auth0Info } from './auth0.js';
import { bipsync, bipsyncInfo } from './bipsync.js';
import { entraId, entraIdInfo } from './entra-id.js';
import { gitlab, gitlabInfo } from './gitlab.js';
import { google, googleInfo } from './google.js';
import { keycloak, keycloakInfo } from './keycloak.js';
import { okta, oktaInfo } from './okta.js';
import { PRESET_OPTION_KEYS } from './preset.js';
import { roblox, robloxInfo } from './roblox.js';
/**
 * Every preset by its name. Importing this imports them all; an app that needs one preset imports
 * that preset's helper instead.
 */
export const PRESETS = {
    roblox: { info: robloxInfo, create: roblox },
    bipsync: { info: bipsyncInfo, create: bipsync },
    google: { info: googleInfo, create: google },
    'entra-id': { info: entraIdInfo, create: entraId },
    auth0: { info: auth0Info, create: auth0 },
    okta: { info: oktaInfo, create: okta },
    keycloak: { info: keycloakInfo, create: keycloak },
    gitlab: { info: gitlabInfo, create: gitlab },
};
/**
 * Expands `{ "preset": "auth0", "domain": "…", "clientId": "…", …}` into a provider config: the
 * preset's parameters and options go to its helper, every other key is laid over the result (so
 * `extraAuthParams`, `logoUri` and the like can be added or replaced). An entry without `preset`
 * is returned as it is. The result is not yet validated: pass it to `validateProviderConfig`.
 * Throws `config_invalid` for an unknown preset or a parameter that is not a string.
 */
export function expandPreset(entry) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || !('preset' in entry)) {
        return entry;
    }
    const { preset: name, ...rest } = entry;
    const preset = typeof name === 'string' && Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
    if (preset === undefined) {
        throw new LatchkeyError('config_invalid', `Provider config: preset ${JSON.stringify(name)} is not one of ${Object.keys(PRESETS).join(', ')}`);
    }
    const args = {};
    const overrides = {};
    const paramNames = new Set(preset.info.params.map((p) => p.name));
    for (const [key, value] of Object.entries(rest)) {
        if (paramNames.has(key)) {
            if (typeof value !== 'string') {
                throw new LatchkeyError('config_invalid', `Preset ${preset.info.preset}: ${key} must be a string`);
            }
            // An empty optional parameter (a blank form field) means "not given".
            if (value !== '')
                args[key] = value;
        }
        else if (PRESET_OPTION_KEYS.includes(key)) {
            args[key] = value;
        }
        else {
            overrides[key] = value;
        }
    }
    return { ...preset.create(args), ...overrides };
}
