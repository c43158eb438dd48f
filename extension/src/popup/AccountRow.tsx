import type { AccountView, SessionAccountView } from '../common/internal-protocol.js';
import { AccountList } from '../ui/AccountList.js';
import { Countdown } from '../ui/Countdown.js';

export interface AccountRowProps {
  account: AccountView;
  busy: boolean;
  onSignIn: (provider: string) => void;
  onSignOut: (provider: string) => void;
  /** The provider's signed-in accounts, with the sites using each. */
  sessions?: readonly SessionAccountView[] | undefined;
  sessionBusy?: ((account: string) => boolean) | undefined;
  onSignOutAccount?: ((account: string) => void) | undefined;
}

/** One provider: who is signed in and until when, with the matching button. */
export function AccountRow(props: AccountRowProps) {
  const { account, busy, onSignIn, onSignOut, sessions, sessionBusy, onSignOutAccount } = props;
  const title = account.providerName ?? account.provider;
  const who = account.name ?? account.email ?? account.sub;
  return (
    <li class="card" data-provider={account.provider} aria-label={title}>
      <div class="row">
        <strong>{title}</strong>
        {account.signedIn ? (
          <span class="badge ok">signed in</span>
        ) : (
          <span class="badge">signed out</span>
        )}
      </div>
      {account.signedIn && (
        <div class="row">
          {who !== undefined && <span class="account-name">{who}</span>}
          <Countdown expiresAt={account.expiresAt} />
        </div>
      )}
      {sessions !== undefined && sessions.length > 0 && onSignOutAccount !== undefined && (
        <AccountList
          providerName={title}
          accounts={sessions}
          busy={sessionBusy}
          onSignOut={onSignOutAccount}
        />
      )}
      <div class="row">
        {account.signedIn ? (
          <button
            type="button"
            aria-label={
              sessions !== undefined && sessions.length > 1
                ? `Sign out of ${title}, every account`
                : `Sign out of ${title}`
            }
            disabled={busy}
            onClick={() => onSignOut(account.provider)}
          >
            Sign out
          </button>
        ) : (
          <button
            type="button"
            class="primary"
            aria-label={`Sign in to ${title}`}
            disabled={busy}
            onClick={() => onSignIn(account.provider)}
          >
            Sign in
          </button>
        )}
      </div>
    </li>
  );
}
