import { useEffect, useState } from 'preact/hooks';
import type { AccountSummary, Latchkey } from '@latchkey/web';
import { describeError } from '../notices.js';

export interface AccountsPanelProps {
  latchkey: Latchkey;
  provider: string;
  /** The account whose token calls the API (`undefined`: the current one). */
  apiAccount: string | undefined;
  /** `undefined` once the picked account is signed out: the current one calls the API again. */
  onPickApiAccount: (account: string | undefined) => void;
}

/**
 * The provider's signed-in accounts side by side (`latchkey.accounts`): which one calls the API,
 * and a sign-out per account that leaves the others signed in. Hidden while there is only one.
 */
export function AccountsPanel({
  latchkey,
  provider,
  apiAccount,
  onPickApiAccount,
}: AccountsPanelProps) {
  const accounts = useAccounts(latchkey, provider);
  const [error, setError] = useState<string>();
  const gone =
    !!accounts && apiAccount !== undefined && !accounts.some((a) => a.account === apiAccount);
  useEffect(() => {
    if (gone) onPickApiAccount(undefined);
  }, [gone]);
  if (!accounts || accounts.length < 2) return null;
  const using = apiAccount ?? accounts.find((a) => a.current)?.account;
  const signOut = (account: string) => {
    setError(undefined);
    latchkey.signOut(provider, { account }).catch((err: unknown) => setError(describeError(err)));
  };
  return (
    <section>
      <h2>Accounts</h2>
      <ul class="accounts" data-testid="accounts">
        {accounts.map((a) => (
          <li key={a.account} data-account={a.account}>
            <label>
              <input
                type="radio"
                name="api-account"
                data-testid={`use-account-${a.account}`}
                checked={a.account === using}
                onChange={() => onPickApiAccount(a.account)}
              />{' '}
              <strong>{a.name ?? a.account}</strong> {a.email && <span>{a.email}</span>}
              {a.current && <span class="badge">current</span>}
            </label>{' '}
            <button
              data-testid={`sign-out-account-${a.account}`}
              onClick={() => signOut(a.account)}
            >
              Sign out
            </button>
          </li>
        ))}
      </ul>
      <p class="hint">The picked account's token calls the protected API.</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** `latchkey.accounts(provider)`, read again whenever a session changes (here or in another tab). */
function useAccounts(latchkey: Latchkey, provider: string): AccountSummary[] | undefined {
  const [accounts, setAccounts] = useState<AccountSummary[]>();
  useEffect(() => {
    let live = true;
    const read = () =>
      latchkey.accounts(provider).then(
        (list) => live && setAccounts(list),
        () => live && setAccounts(undefined), // a broker without accounts: one account, no panel
      );
    void read();
    const offChanged = latchkey.on('tokenChanged', (e) => e.provider === provider && void read());
    const offSignedOut = latchkey.on('signedOut', (e) => e.provider === provider && void read());
    return () => {
      live = false;
      offChanged();
      offSignedOut();
    };
  }, [latchkey, provider]);
  return accounts;
}
