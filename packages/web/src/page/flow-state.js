import { sameOriginPath } from './callback-url.js';
export function encodeFlowState(state) {
    return JSON.stringify(state);
}
/** Parses `appState` (from our own transaction store, still checked); a foreign return path is dropped. */
export function decodeFlowState(appState, origin) {
    if (!appState)
        return undefined;
    try {
        const data = JSON.parse(appState);
        if (data.flow !== 'popup' && data.flow !== 'redirect')
            return undefined;
        const returnTo = sameOriginPath(data.returnTo, origin);
        return returnTo === undefined ? { flow: data.flow } : { flow: data.flow, returnTo };
    }
    catch {
        return undefined;
    }
}
