import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useMemo,
  useSyncExternalStore,
} from 'react';
import type { ReactNode } from 'react';
import { LatchkeyError } from '@latchkey/core/base';
import type { Latchkey } from '../types.js';
import { accessTokenOf, actionsOf, entryKey, sessionStore } from './session-store.js';
import type {
  AccessTokenState,
  SessionActions,
  SessionSnapshot,
  SessionStore,
  TokenOptions,
} from './session-store.js';

export type {
  AccessTokenState,
  SessionActions,
  SessionSnapshot,
  SessionStatus,
  TokenOptions,
} from './session-store.js';

/** A provider's session and the actions on it. */
export type Session = SessionSnapshot & SessionActions;

const LatchkeyContext = createContext<SessionStore | undefined>(undefined);

export interface LatchkeyProviderProps {
  /** From `await createLatchkey(…)` (and `handleRedirectCallback()`), before the first render. */
  latchkey: Latchkey;
  children?: ReactNode;
}

/** Makes `latchkey` available to the hooks below it. */
export function LatchkeyProvider({ latchkey, children }: LatchkeyProviderProps): ReactNode {
  return createElement(LatchkeyContext.Provider, { value: sessionStore(latchkey) }, children);
}

function useStore(): SessionStore {
  const store = useContext(LatchkeyContext);
  if (!store)
    throw new LatchkeyError('config_invalid', 'No <LatchkeyProvider> above this component');
  return store;
}

function useSnapshot(provider: string, options?: TokenOptions): SessionSnapshot {
  const store = useStore();
  const key = entryKey(provider, options);
  // `options` is a new object on every render; its key says whether it changed.
  const subscribe = useCallback(
    (l: () => void) => store.subscribe(provider, l, options),
    [store, key],
  );
  const get = useCallback(() => store.getSnapshot(provider, options), [store, key]);
  return useSyncExternalStore(subscribe, get, get);
}

/** The `Latchkey` of the nearest {@link LatchkeyProvider} (for `fetch`, `userinfo`, …). */
export function useLatchkey(): Latchkey {
  return useStore().latchkey;
}

/**
 * The provider's session: `status` (`loading`, `signedIn`, `signedOut`, `error`), `token` (expiry,
 * scopes, account), `error`, `pending`, and `signIn`/`signOut`/`reload`. Follows sign-ins and
 * sign-outs in other tabs and the extension, and refreshes the token before it is due.
 */
export function useSession(provider: string): Session {
  const store = useStore();
  const snapshot = useSnapshot(provider);
  const actions = useMemo(() => actionsOf(store, provider), [store, provider]);
  return useMemo(() => ({ ...snapshot, ...actions }), [snapshot, actions]);
}

/** The provider's access token (with `scopes` and `minValidity` as `getToken`'s), kept fresh. */
export function useAccessToken(provider: string, options?: TokenOptions): AccessTokenState {
  const snapshot = useSnapshot(provider, options);
  return useMemo(() => accessTokenOf(snapshot), [snapshot]);
}
