import { useEffect } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { useStore } from '../ui/store.js';
import { AccountRow } from './AccountRow.js';
import type { AccountsModel } from './accounts-model.js';

export interface PopupProps {
  model: AccountsModel;
  optionsUrl: string;
  onOpenOptions: () => void;
}

export function Popup({ model, optionsUrl, onOpenOptions }: PopupProps) {
  useEffect(() => model.start(), [model]);
  const accounts = useStore(model.accounts);
  const actions = useStore(model.actions.state);
  const list = accounts.data ?? [];
  return (
    <main class="popup">
      <h1>Latchkey</h1>
      <ErrorNote error={accounts.error} />
      <ErrorNote error={actions.error} />
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
