/** Default seconds a cached token must still be valid for (as core's `minValidity`). */
export const DEFAULT_MIN_VALIDITY = 30;
export function createTokenCache() {
    const entries = new Map();
    return {
        get(provider, scopes, minValidity = DEFAULT_MIN_VALIDITY) {
            const entry = entries.get(provider);
            if (!entry)
                return undefined;
            if (entry.expiresAt !== undefined && entry.expiresAt - minValidity * 1000 <= Date.now()) {
                entries.delete(provider);
                return undefined;
            }
            return !scopes || scopes.every((s) => entry.scopes.includes(s)) ? entry : undefined;
        },
        set: (info) => void entries.set(info.provider, info),
        drop: (provider) => (provider === undefined ? entries.clear() : void entries.delete(provider)),
    };
}
/** `object` without its `undefined` properties (a message must not carry them: exactOptionalPropertyTypes). */
export const compact = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
