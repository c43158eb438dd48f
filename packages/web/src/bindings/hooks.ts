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

/** A provider's session and the actions on it. */
export type Session = SessionSnapshot & SessionActions;

/**
 * A hooks framework's way to read an external store (`useSyncExternalStore` in React): subscribes
 * anew, and reads with the new `getSnapshot`, only when `deps` change.
 */
export type UseExternal = (
  subscribe: (onChange: () => void) => () => void,
  getSnapshot: () => SessionSnapshot,
  deps: readonly unknown[],
) => SessionSnapshot;

/**
 * The bindings' provider component and hooks, one copy for every hooks framework (each binding
 * exports them under these names, with their documentation).
 */
export type HooksBinding<Props, Node> = [
  LatchkeyProvider: (props: Props) => Node,
  useLatchkey: () => Latchkey,
  useSession: (provider: string) => Session,
  useAccessToken: (provider: string, options?: TokenOptions) => AccessTokenState,
];

/**
 * Builds the provider component and hooks on a hooks framework (React, Preact): its context and
 * element functions, `useContext`, `useMemo` and its {@link UseExternal}.
 */
export function createHooksBinding<Props extends { latchkey: Latchkey; children?: unknown }, Node>(
  createContext: (defaultValue?: undefined) => { Provider: unknown },
  createElement: (type: never, props: { value: SessionStore }, children: never) => unknown,
  useContext: (context: never) => unknown,
  useMemo: <T>(factory: () => T, deps: readonly unknown[]) => T,
  useExternal: UseExternal,
): HooksBinding<Props, Node> {
  const context = createContext();

  function useStore(): SessionStore {
    const store = useContext(context as never) as SessionStore | undefined;
    if (!store)
      throw new LatchkeyError('config_invalid', 'No <LatchkeyProvider> above this component');
    return store;
  }

  function useSnapshot(provider: string, options?: TokenOptions): SessionSnapshot {
    const store = useStore();
    // `options` is a new object on every render; its key says whether it changed.
    return useExternal(
      (onChange) => store.subscribe(provider, onChange, options),
      () => store.getSnapshot(provider, options),
      [store, entryKey(provider, options)],
    );
  }

  return [
    ({ latchkey, children }) =>
      createElement(
        context.Provider as never,
        { value: sessionStore(latchkey) },
        children as never,
      ) as Node,
    () => useStore().latchkey,
    (provider) => {
      const store = useStore();
      const snapshot = useSnapshot(provider);
      const actions = useMemo(() => actionsOf(store, provider), [store, provider]);
      return useMemo(() => ({ ...snapshot, ...actions }), [snapshot, actions]);
    },
    (provider, options) => {
      const snapshot = useSnapshot(provider, options);
      return useMemo(() => accessTokenOf(snapshot), [snapshot]);
    },
  ];
}
