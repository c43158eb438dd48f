import { evaluateJsonPath, parseJsonPath } from '../config/json-path.js';
import { LatchkeyError } from '../errors.js';
const WIRE_NAMES = {
    accessToken: 'access_token',
    tokenType: 'token_type',
    expiresIn: 'expires_in',
    refreshToken: 'refresh_token',
    scope: 'scope',
    idToken: 'id_token',
};
/** Deepest nesting accepted in a token response that is reshaped (a token response is shallow). */
export const MAX_TOKEN_RESPONSE_DEPTH = 64;
/**
 * Reads a path (dotted, `authed_user.access_token`, or the JSONPath subset of
 * {@link parseJsonPath}, `$.data.tokens[0].access_token`) from parsed JSON; `undefined` when absent.
 * @throws {LatchkeyError} `config_invalid` for a path outside the subset.
 */
export function readJsonPath(json, path) {
    return evaluateJsonPath(json, parseJsonPath(path));
}
/**
 * Refuses JSON nested deeper than {@link MAX_TOKEN_RESPONSE_DEPTH}, walking it without recursion:
 * a hostile server cannot overflow the stack (the reshaped response is serialised again).
 */
function checkDepth(json) {
    const stack = [[json, 0]];
    while (stack.length > 0) {
        const [value, depth] = stack.pop();
        if (typeof value !== 'object' || value === null)
            continue;
        if (depth >= MAX_TOKEN_RESPONSE_DEPTH) {
            throw new LatchkeyError('invalid_response', `Token response: nested deeper than ${MAX_TOKEN_RESPONSE_DEPTH} levels`);
        }
        for (const child of Object.values(value))
            stack.push([child, depth + 1]);
    }
}
/**
 * Reshapes a non-standard token response into RFC 6749 §5.1 fields, so that oauth4webapi checks it
 * like any other. Fields without a path keep their standard place; error responses (§5.2) pass as
 * they are. A `token_type` missing from a non-standard response is taken as `Bearer`
 * (Capacity-style providers send none).
 * @throws {LatchkeyError} `invalid_response` for a response nested deeper than
 *   {@link MAX_TOKEN_RESPONSE_DEPTH}.
 */
export function mapTokenResponse(json, paths) {
    checkDepth(json);
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
