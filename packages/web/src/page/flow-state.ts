import { sameOriginPath } from './callback-url.js';

/** What a page-mode flow keeps in the transaction's `appState`: how it was started and where to return. */
export interface FlowState {
  flow: 'popup' | 'redirect';
  returnTo?: string;
}

export function encodeFlowState(state: FlowState): string {
  return JSON.stringify(state);
}

/** Parses `appState` (from our own transaction store, still checked); a foreign return path is dropped. */
export function decodeFlowState(
  appState: string | undefined,
  origin: string,
): FlowState | undefined {
  if (!appState) return undefined;
  try {
    const data = JSON.parse(appState) as Partial<FlowState>;
    if (data.flow !== 'popup' && data.flow !== 'redirect') return undefined;
    const returnTo = sameOriginPath(data.returnTo, origin);
    return returnTo === undefined ? { flow: data.flow } : { flow: data.flow, returnTo };
  } catch {
    return undefined;
  }
}
