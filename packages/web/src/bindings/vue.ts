import { computed, inject, provide, shallowRef, toValue, watch } from 'vue';
import type { ComputedRef, InjectionKey, MaybeRefOrGetter, Plugin, Ref, ShallowRef } from 'vue';
import { LatchkeyError } from '@latchkey/core/base';
import type { PageTokenInfo } from '@latchkey/core';
import type { Latchkey, SignInOptions } from '../types.js';
import { entryKey, sessionStore } from './session-store.js';
import type {
  SessionSnapshot,
  SessionStatus,
  SessionStore,
  TokenOptions,
} from './session-store.js';

export type {
  AccessTokenState,
  SessionSnapshot,
  SessionStatus,
  TokenOptions,
} from './session-store.js';

const LATCHKEY: InjectionKey<SessionStore> = Symbol('latchkey');

/** `app.use(createLatchkeyPlugin(latchkey))`: the composables of every component may use it. */
export function createLatchkeyPlugin(latchkey: Latchkey): Plugin {
  return { install: (app) => void app.provide(LATCHKEY, sessionStore(latchkey)) };
}

/** In a component's `setup`: `latchkey` for the composables of this component and those below. */
export function provideLatchkey(latchkey: Latchkey): void {
  provide(LATCHKEY, sessionStore(latchkey));
}

function useStore(): SessionStore {
  const store = inject(LATCHKEY, undefined);
  if (!store)
    throw new LatchkeyError(
      'config_invalid',
      'No Latchkey here: app.use(createLatchkeyPlugin(latchkey)) or provideLatchkey(latchkey)',
    );
  return store;
}

/** The snapshot as a ref, following `provider` (and `options`) when they are refs or getters. */
function useSnapshot(
  store: SessionStore,
  provider: MaybeRefOrGetter<string>,
  options?: MaybeRefOrGetter<TokenOptions | undefined>,
): Readonly<ShallowRef<SessionSnapshot>> {
  const snapshot = shallowRef(store.getSnapshot(toValue(provider), toValue(options)));
  watch(
    () => entryKey(toValue(provider), toValue(options)),
    (_key, _old, onCleanup) => {
      const id = toValue(provider);
      const o = toValue(options);
      const update = (): void => void (snapshot.value = store.getSnapshot(id, o));
      onCleanup(store.subscribe(id, update, o));
      update();
    },
    { immediate: true },
  );
  return snapshot;
}

/** The `Latchkey` provided by the plugin or {@link provideLatchkey} (for `fetch`, `userinfo`, …). */
export function useLatchkey(): Latchkey {
  return useStore().latchkey;
}

export interface UseSession {
  /** The whole snapshot (a new object on every change). */
  session: Readonly<Ref<SessionSnapshot>>;
  status: ComputedRef<SessionStatus>;
  /** Expiry, scopes and account while signed in. */
  token: ComputedRef<PageTokenInfo | undefined>;
  error: ComputedRef<Error | undefined>;
  pending: ComputedRef<SessionSnapshot['pending']>;
  /** Starts a sign-in (call it in the click handler: page mode opens a popup). Never rejects. */
  signIn(options?: SignInOptions): Promise<PageTokenInfo | undefined>;
  signOut(): Promise<void>;
  reload(): void;
}

/**
 * The provider's session as refs (`status`: `loading`, `signedIn`, `signedOut`, `error`), with
 * `signIn`/`signOut`/`reload`. Follows sign-ins and sign-outs in other tabs and the extension, and
 * refreshes the token before it is due; stops when the component (its effect scope) goes.
 */
export function useSession(provider: MaybeRefOrGetter<string>): UseSession {
  const store = useStore();
  const session = useSnapshot(store, provider);
  return {
    session,
    status: computed(() => session.value.status),
    token: computed(() => session.value.token),
    error: computed(() => session.value.error),
    pending: computed(() => session.value.pending),
    signIn: (options) => store.signIn(toValue(provider), options),
    signOut: () => store.signOut(toValue(provider)),
    reload: () => store.reload(toValue(provider)),
  };
}

export interface UseAccessToken {
  status: ComputedRef<SessionStatus>;
  /** The access token, while signed in. */
  token: ComputedRef<string | undefined>;
  expiresAt: ComputedRef<number | undefined>;
  error: ComputedRef<Error | undefined>;
  pending: ComputedRef<SessionSnapshot['pending']>;
}

/** The provider's access token (with `scopes` and `minValidity` as `getToken`'s), kept fresh. */
export function useAccessToken(
  provider: MaybeRefOrGetter<string>,
  options?: MaybeRefOrGetter<TokenOptions | undefined>,
): UseAccessToken {
  const snapshot = useSnapshot(useStore(), provider, options);
  return {
    status: computed(() => snapshot.value.status),
    token: computed(() => snapshot.value.token?.accessToken),
    expiresAt: computed(() => snapshot.value.token?.expiresAt),
    error: computed(() => snapshot.value.error),
    pending: computed(() => snapshot.value.pending),
  };
}
