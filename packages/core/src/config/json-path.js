import { LatchkeyError } from '../errors.js';
/** Longest accepted path, in characters. */
export const MAX_JSON_PATH_LENGTH = 256;
/** Most steps in one path. */
export const MAX_JSON_PATH_SEGMENTS = 32;
const MAX_INDEX = 10_000;
const NAME_CHAR = /[A-Za-z0-9_$-]/;
function refuse(path, at, why) {
    return new LatchkeyError('config_invalid', `JSON path ${JSON.stringify(path.slice(0, 80))}: ${why} at character ${at + 1}`);
}
/**
 * Parses the JSON path subset of `tokenResponse`, without ever evaluating code:
 * - a dotted path: `authed_user.access_token` (names of `A-Z a-z 0-9 _ $ -`);
 * - JSONPath (RFC 9535) with the root `$`, dot members, bracketed quoted members and array
 *   indexes: `$.data.tokens[0].access_token`, `$['odd name']["x"]`, `data[0]`.
 * Quoted names take `\\`, `\'` and `\"` escapes. Wildcards, slices, filters, negative indexes and
 * recursive descent (`..`) are refused: a path names exactly one place. At least one step is
 * needed (`$` alone is the whole response, never a token field).
 * @throws {LatchkeyError} `config_invalid`, naming the character at fault.
 * @see RFC 9535 §2.2 (root), §2.5.1 (child segment), §2.3.1 (name selector), §2.3.3 (index selector)
 */
export function parseJsonPath(path) {
    if (typeof path !== 'string' || path.length === 0)
        throw new LatchkeyError('config_invalid', 'JSON path: must be a non-empty string');
    if (path.length > MAX_JSON_PATH_LENGTH)
        throw refuse(path, MAX_JSON_PATH_LENGTH, `longer than ${MAX_JSON_PATH_LENGTH} characters`);
    const segments = [];
    let i = 0;
    const name = () => {
        const start = i;
        while (i < path.length && NAME_CHAR.test(path[i]))
            i++;
        if (i === start)
            throw refuse(path, i, 'expected a member name');
        return path.slice(start, i);
    };
    const rooted = path[0] === '$' && (path.length === 1 || path[1] === '.' || path[1] === '[');
    if (rooted)
        i = 1;
    else
        segments.push({ name: name() });
    while (i < path.length) {
        const c = path[i];
        if (c === '.') {
            i++;
            segments.push({ name: name() });
        }
        else if (c === '[') {
            i++;
            const q = path[i];
            if (q === "'" || q === '"') {
                i++;
                let value = '';
                for (;;) {
                    if (i >= path.length)
                        throw refuse(path, i, 'unterminated quoted name');
                    const ch = path[i];
                    if (ch === q)
                        break;
                    if (ch === '\\') {
                        const next = path[i + 1];
                        if (next !== '\\' && next !== "'" && next !== '"')
                            throw refuse(path, i, 'only \\\\, \\\' and \\" escapes are allowed');
                        value += next;
                        i += 2;
                    }
                    else {
                        if (ch < ' ')
                            throw refuse(path, i, 'control character in a quoted name');
                        value += ch;
                        i++;
                    }
                }
                i++;
                if (value.length === 0)
                    throw refuse(path, i, 'empty quoted name');
                segments.push({ name: value });
            }
            else {
                const start = i;
                while (i < path.length && path[i] >= '0' && path[i] <= '9')
                    i++;
                const digits = path.slice(start, i);
                if (digits.length === 0 || (digits.length > 1 && digits[0] === '0'))
                    throw refuse(path, start, 'expected an array index (0, 1, …) or a quoted name');
                const index = Number(digits);
                if (index > MAX_INDEX)
                    throw refuse(path, start, `index above ${MAX_INDEX}`);
                segments.push({ index });
            }
            if (path[i] !== ']')
                throw refuse(path, i, 'expected ]');
            i++;
        }
        else {
            throw refuse(path, i, 'expected . or [');
        }
        if (segments.length > MAX_JSON_PATH_SEGMENTS)
            throw refuse(path, i, `more than ${MAX_JSON_PATH_SEGMENTS} steps`);
    }
    if (segments.length === 0)
        throw refuse(path, i, 'a path needs at least one step after $');
    return segments;
}
/**
 * The value at `segments` in parsed JSON, or `undefined` when any step is absent. Members are read
 * only as own properties of plain objects (never the prototype: `constructor` is absent), and
 * indexes only from arrays.
 */
export function evaluateJsonPath(json, segments) {
    let value = json;
    for (const segment of segments) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        if ('index' in segment) {
            if (!Array.isArray(value) || segment.index >= value.length)
                return undefined;
            value = value[segment.index];
        }
        else {
            if (Array.isArray(value) || !Object.hasOwn(value, segment.name))
                return undefined;
            value = value[segment.name];
        }
    }
    return value;
}
