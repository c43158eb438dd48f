import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useMemo,
  useSyncExternalStore,
} from 'react';
import type { ReactNode } from 'react';
import type { Latchkey } from '../types.js';
import { createHooksBinding } from './hooks.js';

export type { Session } from './hooks.js';
export type {
  AccessTokenState,
  SessionActions,
  SessionSnapshot,
  SessionStatus,
  TokenOptions,
} from './session-store.js';

export interface LatchkeyProviderProps {
  /** From `await createLatchkey(…)` (and `handleRedirectCallback()`), before the first render. */
  latchkey: Latchkey;
  children?: ReactNode;
}

/**
 * `LatchkeyProvider` makes `latchkey` available to the hooks below it. `useLatchkey()` is that
 * `Latchkey` (for `fetch`, `userinfo`, …). `useSession(provider)` is the provider's session:
 * `status` (`loading`, `signedIn`, `signedOut`, `error`), `token` (expiry, scopes, account),
 * `error`, `pending`, and `signIn`/`signOut`/`reload`; it follows sign-ins and sign-outs in other
 * tabs and the extension, and refreshes the token before it is due. `useAccessToken(provider,
 * options)` is the access token (with `scopes` and `minValidity` as `getToken`'s), kept fresh.
 */
export const [LatchkeyProvider, useLatchkey, useSession, useAccessToken] = createHooksBinding<
  LatchkeyProviderProps,
  ReactNode
>(createContext, createElement, useContext, useMemo, (subscribe, getSnapshot, deps) => {
  const get = useCallback(getSnapshot, deps);
  return useSyncExternalStore(useCallback(subscribe, deps), get, get);
});
