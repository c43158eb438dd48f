import type { SessionAccountView } from '../common/internal-protocol.js';
import type { GrantTokens } from './inspector-model.js';
import { AccountList } from '../ui/AccountList.js';
import { Countdown } from '../ui/Countdown.js';
import { ErrorNote } from '../ui/ErrorNote.js';
import { JwtView } from '../ui/JwtView.js';
import { MaskedToken } from '../ui/MaskedToken.js';
import { formatDate, formatRelative } from '../ui/relative-time.js';
import { useNow } from '../ui/use-now.js';

export interface TokenCardProps {
  item: GrantTokens;
  running: ReadonlySet<string>;
  onRefresh: () => void;
  onSignOut: () => void;
  onRevoke: () => void;
  /** The provider's signed-in accounts (every site's), with the sites using each. */
  accounts?: readonly SessionAccountView[] | undefined;
  accountBusy?: ((account: string) => boolean) | undefined;
  onSignOutAccount?: ((account: string) => void) | undefined;
}

/** A grant of the inspected origin and its provider's tokens (never the refresh token's value). */
export function TokenCard(props: TokenCardProps) {
  const { item, running, onRefresh, onSignOut, onRevoke } = props;
  const { accounts, accountBusy, onSignOutAccount } = props;
  const now = useNow(5000);
  const { grant, tokens, error } = item;
  const provider = grant.provider;
  const who = tokens?.name ?? tokens?.email ?? tokens?.sub;
  return (
    <article class="card token-card" data-provider={provider} aria-label={`Provider ${provider}`}>
      <header class="row">
        <strong>{tokens?.providerName ?? provider}</strong>
        <code class="muted">{provider}</code>
        <span class={grant.decision === 'allowed' ? 'badge ok' : 'badge bad'}>
          grant {grant.decision}
        </span>
        {tokens !== undefined &&
          (tokens.signedIn ? (
            <span class="badge ok">signed in</span>
          ) : (
            <span class="badge">signed out</span>
          ))}
      </header>
      <ErrorNote error={error} />
      <dl class="facts">
        <dt>Granted scopes</dt>
        <dd class="granted-scopes">{grant.scopes.join(' ') || <span class="muted">none</span>}</dd>
        <dt>Granted</dt>
        <dd>
          by {grant.by}, {formatDate(grant.at)}{' '}
          <span class="muted">({formatRelative(grant.at, now)})</span>
        </dd>
        {tokens?.signedIn && (
          <>
            <dt>Account</dt>
            <dd class="account">{who ?? <span class="muted">unknown</span>}</dd>
            <dt>Token scopes</dt>
            <dd>{tokens.scopes.join(' ') || <span class="muted">none</span>}</dd>
            <dt>Token type</dt>
            <dd>{tokens.tokenType ?? <span class="muted">unknown</span>}</dd>
            <dt>Access token</dt>
            <dd>
              {tokens.accessToken !== undefined ? (
                <MaskedToken token={tokens.accessToken} label="access token" />
              ) : (
                <span class="muted">none</span>
              )}
            </dd>
            <dt>Expiry</dt>
            <dd>
              <Countdown expiresAt={tokens.expiresAt} />
            </dd>
            <dt>Refresh token</dt>
            <dd class="refresh-held">
              {tokens.hasRefreshToken ? 'held (value never shown)' : 'none'}
            </dd>
            <dt>Last refresh</dt>
            <dd class="last-refresh">
              {tokens.lastRefresh === undefined ? (
                <span class="muted">never</span>
              ) : (
                <span class={tokens.lastRefresh.ok ? 'ok' : 'bad'}>
                  {tokens.lastRefresh.ok
                    ? 'ok'
                    : `failed: ${tokens.lastRefresh.error ?? 'unknown error'}`}
                  , {formatRelative(tokens.lastRefresh.at, now)}
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      {accounts !== undefined && accounts.length > 0 && onSignOutAccount !== undefined && (
        <section class="accounts">
          <h3>Accounts</h3>
          <AccountList
            providerName={tokens?.providerName ?? provider}
            accounts={accounts}
            busy={accountBusy}
            onSignOut={onSignOutAccount}
          />
        </section>
      )}
      <div class="row actions">
        <button
          type="button"
          aria-label={`Refresh now: ${provider}`}
          disabled={!tokens?.signedIn || running.has(`refresh:${provider}`)}
          onClick={onRefresh}
        >
          Refresh now
        </button>
        <button
          type="button"
          aria-label={`Sign out of ${provider}`}
          disabled={!tokens?.signedIn || running.has(`signOut:${provider}`)}
          onClick={onSignOut}
        >
          Sign out
        </button>
        <button
          type="button"
          class="danger"
          aria-label={`Revoke this site’s grant for ${provider}`}
          disabled={running.has(`revoke:${provider}`)}
          onClick={onRevoke}
        >
          Revoke this site’s grant
        </button>
      </div>
      {tokens?.accessToken !== undefined && (
        <JwtView token={tokens.accessToken} title="Access token" />
      )}
      {tokens?.idToken !== undefined && <JwtView token={tokens.idToken} title="ID token" />}
    </article>
  );
}
