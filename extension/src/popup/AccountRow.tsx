import type { AccountView } from '../shared/internal-protocol.js';
import { Countdown } from '../ui/Countdown.js';

export interface AccountRowProps {
  account: AccountView;
  busy: boolean;
  onSignIn: (provider: string) => void;
  onSignOut: (provider: string) => void;
}

/** One provider: who is signed in and until when, with the matching button. */
export function AccountRow({ account, busy, onSignIn, onSignOut }: AccountRowProps) {
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
      <div class="row">
        {account.signedIn ? (
          <button
            type="button"
            aria-label={`Sign out of ${title}`}
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
