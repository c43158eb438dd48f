/**
 * Origin helpers for the broker: the one origin rule lives in `config/origin.ts`, shared with
 * provider validation and the extension build.
 */
export { isLoopbackHost, originAllowed, originMatchPattern, parseOrigin, webOrigin, } from '../config/origin.js';
