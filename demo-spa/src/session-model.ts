import { isLatchkeyError } from '@latchkey/web';
import type { Latchkey, PageTokenInfo } from '@latchkey/web';

export interface SessionState {
  status: 'loading' | 'signedOut' | 'signedIn';
  token?: PageTokenInfo;
  claims?: Record<string, unknown>;
  /** Refreshes seen by this tab (its own or another tab's / the extension's). */
  refreshes: number;
  error?: string;
  log: string[];
}

/** Seconds before expiry at which the demo asks for a fresh token (as `getToken`'s default `minValidity`). */
const REFRESH_AHEAD_S = 30;

export const describeError = (err: unknown): string =>
  isLatchkeyError(err)
    ? `${err.code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(err);

/**
 * The demo's session, for one provider: follows sign-ins, refreshes and sign-outs in this tab, other
 * tabs and the extension, and asks for a fresh token as expiry nears. Returns its cleanup.
 */
export function watchSession(
  latchkey: Latchkey,
  provider: string,
  onChange: (state: SessionState) => void,
): {
  state: () => SessionState;
  update: (patch: Partial<SessionState>) => void;
  log: (line: string) => void;
  dispose: () => void;
} {
  let state: SessionState = { status: 'loading', refreshes: 0, log: [] };
  let loading = false;
  const update = (patch: Partial<SessionState>): void => {
    state = { ...state, ...patch };
    onChange(state);
  };
  const log = (line: string): void =>
    update({ log: [`${new Date().toLocaleTimeString()} ${line}`, ...state.log].slice(0, 30) });

  const load = async (): Promise<void> => {
    if (loading) return;
    loading = true;
    try {
      const token = await latchkey.getTokenInfo(provider);
      const previous = state.token;
      if (previous && previous.accessToken !== token.accessToken) {
        update({ refreshes: state.refreshes + 1 });
        log('access token refreshed');
      }
      const claims = state.claims ?? (await latchkey.userinfo(provider).catch(() => undefined));
      update({ status: 'signedIn', token, ...(claims ? { claims } : {}) });
    } catch (err) {
      if (
        isLatchkeyError(err) &&
        (err.code === 'login_required' || err.code === 'consent_required')
      ) {
        const { token: _t, claims: _c, ...rest } = state;
        state = rest;
        update({ status: 'signedOut' });
      } else {
        update({ error: describeError(err) });
      }
    } finally {
      loading = false;
    }
  };

  const offChanged = latchkey.on('tokenChanged', () => void load());
  const offSignedOut = latchkey.on('signedOut', () => {
    const { token: _t, claims: _c, ...rest } = state;
    state = rest;
    update({ status: 'signedOut' });
    log('signed out');
  });
  const ticker = setInterval(() => {
    const expiresAt = state.token?.expiresAt;
    if (
      state.status === 'signedIn' &&
      expiresAt !== undefined &&
      expiresAt - Date.now() <= REFRESH_AHEAD_S * 1000
    )
      void load();
  }, 1000);
  void load();
  return {
    state: () => state,
    update,
    log,
    dispose: () => {
      offChanged();
      offSignedOut();
      clearInterval(ticker);
    },
  };
}
