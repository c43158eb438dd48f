/** One signed-in account of a provider, as the pages list it. */
export interface AccountItem {
  /** The account's id: the id_token's `sub` (`''` when the provider gives no id_token). */
  account: string;
  name?: string | undefined;
  email?: string | undefined;
  /** The provider's current account (used when a site names none). */
  current?: boolean | undefined;
  /** The sites whose grant may use this account. */
  sites: readonly string[];
}

/** How a person recognises an account: name and email when known, the `sub` always. */
export function accountLabel(item: Pick<AccountItem, 'account' | 'name' | 'email'>): string {
  const who = item.name ?? item.email;
  if (item.account === '') return who ?? 'signed in (no account id)';
  return who ?? item.account;
}

export interface AccountListProps {
  /** The provider's name, for the buttons' names. */
  providerName: string;
  accounts: readonly AccountItem[];
  /** Whether an action on that account is running (its button is then off). */
  busy?: ((account: string) => boolean) | undefined;
  onSignOut: (account: string) => void;
}

/**
 * A provider's accounts: who each is (name, email, `sub`), which sites may use it, and a sign-out for
 * each one.
 */
export function AccountList({ providerName, accounts, busy, onSignOut }: AccountListProps) {
  if (accounts.length === 0) return null;
  return (
    <ul class="plain account-list" aria-label={`Accounts of ${providerName}`}>
      {accounts.map((a) => {
        const label = accountLabel(a);
        return (
          <li key={a.account} class="account-item" data-account={a.account}>
            <div class="row">
              <span class="account-who">{label}</span>
              {a.email !== undefined && a.name !== undefined && (
                <span class="muted account-email">{a.email}</span>
              )}
              {a.current === true && <span class="badge ok">current</span>}
            </div>
            {a.account !== '' && label !== a.account && (
              <div class="muted account-sub">
                id <code>{a.account}</code>
              </div>
            )}
            <div class="muted account-sites">
              {a.sites.length === 0
                ? 'No site may use it.'
                : `Used by: ${[...a.sites].sort().join(', ')}`}
            </div>
            <button
              type="button"
              class="small"
              aria-label={`Sign out ${label} from ${providerName}`}
              disabled={busy?.(a.account) ?? false}
              onClick={() => onSignOut(a.account)}
            >
              Sign out
            </button>
          </li>
        );
      })}
    </ul>
  );
}
