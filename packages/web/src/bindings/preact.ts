import { createContext, h } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
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
  children?: ComponentChildren;
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
  ComponentChildren
>(
  createContext,
  h,
  useContext,
  useMemo,
  // `useSyncExternalStore` with preact/hooks alone (preact/compat not needed).
  (subscribe, getSnapshot, deps) => {
    // A new object is a new state: the component renders again.
    const [, rerender] = useState<object>();
    const snapshot = getSnapshot();
    const rendered = useRef(snapshot);
    rendered.current = snapshot;
    useLayoutEffect(() => {
      const changed = (): void => {
        if (getSnapshot() !== rendered.current) rerender({});
      };
      const off = subscribe(changed);
      changed(); // a change between render and subscription
      return off;
    }, deps as unknown[]);
    return snapshot;
  },
);
