import type { SessionAccountView } from '../common/internal-protocol.js';
import { createActions, type Actions } from './action-state.js';
import type { InternalClient } from './internal-client.js';
import { idle, loadInto, type Loadable } from './loadable.js';
import { createStore, type Store } from './store.js';

/** Every signed-in account of every provider, with the sites using each (`listSessions`). */
export interface SessionsModel {
  sessions: Store<Loadable<SessionAccountView[]>>;
  actions: Actions;
  load(): Promise<void>;
  /** Signs one account out (the provider's other accounts stay), then reloads. */
  signOut(provider: string, account: string): Promise<void>;
  /** Whether signing that account out is running. */
  busy(provider: string, account: string): boolean;
}

/** The accounts of one provider, current first. */
export function accountsOf(
  all: readonly SessionAccountView[] | undefined,
  provider: string,
): SessionAccountView[] {
  return (all ?? [])
    .filter((s) => s.provider === provider)
    .sort((a, b) => Number(b.current) - Number(a.current) || a.account.localeCompare(b.account));
}

export function createSessionsModel(client: InternalClient): SessionsModel {
  const sessions = createStore<Loadable<SessionAccountView[]>>(idle());
  const actions = createActions();
  const load = () => loadInto(sessions, () => client.call('listSessions', {}));
  const key = (provider: string, account: string) => `signOutAccount:${provider}:${account}`;
  return {
    sessions,
    actions,
    load,
    async signOut(provider, account) {
      await actions.run(key(provider, account), () =>
        client.call('signOutAccount', { provider, account }),
      );
      await load();
    },
    busy: (provider, account) => actions.state.get().running.has(key(provider, account)),
  };
}
