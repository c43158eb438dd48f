import { useEffect } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { createStore, useStore } from '../ui/store.js';
import { idle, type Loadable } from '../ui/loadable.js';
import type { ActionState } from '../ui/action-state.js';
import type { SessionAccountView } from '../common/internal-protocol.js';
import { AccountRow } from './AccountRow.js';
import type { AccountsModel } from './accounts-model.js';
import { accountsOf, type SessionsModel } from '../ui/sessions-model.js';

const NO_SESSIONS = createStore<Loadable<SessionAccountView[]>>(idle());
const NO_ACTIONS = createStore<ActionState>({ running: new Set() });

export interface PopupProps {
  model: AccountsModel;
  /** Every signed-in account, per provider (several per provider when the person has them). */
  sessions?: SessionsModel;
  optionsUrl: string;
  onOpenOptions: () => void;
}

export function Popup({ model, sessions, optionsUrl, onOpenOptions }: PopupProps) {
  useEffect(() => model.start(), [model]);
  const accounts = useStore(model.accounts);
  const actions = useStore(model.actions.state);
  // The accounts follow the providers' list (loaded, polled, after each sign-in or out).
  useEffect(() => void sessions?.load(), [sessions, accounts.data]);
  const sessionList = useStore(sessions?.sessions ?? NO_SESSIONS);
  const sessionActions = useStore(sessions?.actions.state ?? NO_ACTIONS);
  const list = accounts.data ?? [];
  return (
    <main class="popup">
      <h1>Latchkey</h1>
      <ErrorNote error={accounts.error} />
      <ErrorNote error={actions.error} />
      <ErrorNote error={sessionActions.error} />
      {accounts.loading && accounts.data === undefined && <p class="muted">Loading…</p>}
      {accounts.data !== undefined && list.length === 0 && (
        <p class="muted">No providers yet. Add one in the options.</p>
      )}
      <ul class="accounts" aria-label="Accounts">
        {list.map((account) => (
          <ItemBoundary key={account.provider} as="li" label={`the account of ${account.provider}`}>
            <AccountRow
              account={account}
              busy={
                actions.running.has(`signIn:${account.provider}`) ||
                actions.running.has(`signOut:${account.provider}`)
              }
              onSignIn={(p) => void model.signIn(p)}
              onSignOut={(p) => void model.signOut(p)}
              sessions={accountsOf(sessionList.data, account.provider)}
              sessionBusy={(a) => sessions?.busy(account.provider, a) ?? false}
              onSignOutAccount={
                sessions &&
                ((a) => void sessions.signOut(account.provider, a).then(() => model.load()))
              }
            />
          </ItemBoundary>
        ))}
      </ul>
      <p>
        <a
          href={optionsUrl}
          target="_blank"
          onClick={(event) => {
            event.preventDefault();
            onOpenOptions();
          }}
        >
          Options
        </a>
      </p>
    </main>
  );
}
