import type { AccountView } from '../common/internal-protocol.js';
import { createActions, type Actions } from '../ui/action-state.js';
import type { InternalClient } from '../ui/internal-client.js';
import { idle, loadInto, type Loadable } from '../ui/loadable.js';
import { createStore, type Store } from '../ui/store.js';

export interface AccountsModel {
  accounts: Store<Loadable<AccountView[]>>;
  actions: Actions;
  load(): Promise<void>;
  signIn(provider: string): Promise<void>;
  signOut(provider: string): Promise<void>;
  /** Loads now, then every `pollMs` while the page is visible; returns the cleanup. */
  start(pollMs?: number): () => void;
}

/** The popup's state: one account per provider, and the sign-in/out actions. */
export function createAccountsModel(client: InternalClient): AccountsModel {
  const accounts = createStore<Loadable<AccountView[]>>(idle());
  const actions = createActions();
  const load = () => loadInto(accounts, () => client.call('listAccounts', {}));
  return {
    accounts,
    actions,
    load,
    async signIn(provider) {
      await actions.run(`signIn:${provider}`, () => client.call('signIn', { provider }));
      await load();
    },
    async signOut(provider) {
      await actions.run(`signOut:${provider}`, () => client.call('signOut', { provider }));
      await load();
    },
    start(pollMs = 15_000) {
      void load();
      const timer = setInterval(() => {
        if (document.visibilityState === 'visible') void load();
      }, pollMs);
      return () => clearInterval(timer);
    },
  };
}
