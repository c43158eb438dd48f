const WIRE_NAMES = {
    accessToken: 'access_token',
    tokenType: 'token_type',
    expiresIn: 'expires_in',
    refreshToken: 'refresh_token',
    scope: 'scope',
    idToken: 'id_token',
};
/** Reads a dotted path (`authed_user.access_token`) from parsed JSON; `undefined` when absent. */
export function readJsonPath(json, path) {
    let value = json;
    for (const key of path.split('.')) {
        if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key))
            return undefined;
        value = value[key];
    }
    return value;
}
/**
 * Reshapes a non-standard token response into RFC 6749 §5.1 fields, so that oauth4webapi checks it
 * like any other. Fields without a path keep their standard place; error responses (§5.2) pass as
 * they are. A `token_type` missing from a non-standard response is taken as `Bearer`
 * (Capacity-style providers send none).
 */
export function mapTokenResponse(json, paths) {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        return json;
    const source = json;
    if (typeof source.error === 'string')
        return json;
    const out = { ...source };
    for (const [key, wire] of Object.entries(WIRE_NAMES)) {
        const path = paths[key];
        if (path === undefined)
            continue;
        const value = readJsonPath(source, path);
        if (value === undefined)
            delete out[wire];
        else
            out[wire] = value;
    }
    if (out.token_type === undefined && out.access_token !== undefined)
        out.token_type = 'Bearer';
    return out;
}
