/** Where a redirect sign-out keeps its `state` until the provider sends the page back. */
const PENDING_KEY = 'latchkey:end-session';

interface PendingEndSession {
  state: string;
  provider: string;
  returnTo?: string;
}

export { isEndSessionReturn } from './callback-match.js';

export function savePendingEndSession(pending: PendingEndSession): void {
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
}

/**
 * The redirect sign-out this tab started, when `state` is its state (then taken out: it is used once).
 */
export function takePendingEndSession(state: string | null): PendingEndSession | undefined {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(PENDING_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const data = JSON.parse(raw) as Partial<PendingEndSession>;
    if (typeof data.state !== 'string' || data.state !== state || typeof data.provider !== 'string')
      return undefined;
    sessionStorage.removeItem(PENDING_KEY);
    return typeof data.returnTo === 'string'
      ? { state: data.state, provider: data.provider, returnTo: data.returnTo }
      : { state: data.state, provider: data.provider };
  } catch {
    return undefined;
  }
}
