import { Fragment } from 'preact';
import type { PageTokenInfo } from '@latchkey/web';
import { Countdown } from './Countdown.js';

export interface AccountPanelProps {
  token: PageTokenInfo;
  claims: Record<string, unknown> | undefined;
  refreshes: number;
  /** A sign-out is under way. */
  signingOut: boolean;
  onSignOut: () => void;
  /** Signs in again with the provider's account choice (another account, or the same one). */
  onSwitchAccount: () => void;
  /** Signs out here and ends the session at the provider (RP-initiated logout). */
  onSignOutEverywhere: () => void;
}

/** Who is signed in (userinfo claims) and the access token's life. */
export function AccountPanel({
  token,
  claims,
  refreshes,
  signingOut,
  onSignOut,
  onSwitchAccount,
  onSignOutEverywhere,
}: AccountPanelProps) {
  return (
    <>
      <section>
        <h2>Signed in</h2>
        <dl data-testid="claims">
          {Object.entries(claims ?? { sub: token.account?.sub ?? '?' }).map(([name, value]) => (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd data-claim={name}>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
            </Fragment>
          ))}
        </dl>
        <p>
          <button
            data-testid="sign-out"
            disabled={signingOut}
            aria-busy={signingOut}
            onClick={onSignOut}
          >
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>{' '}
          <button
            data-testid="sign-out-everywhere"
            disabled={signingOut}
            onClick={onSignOutEverywhere}
            title="Also ends your session at the provider: the next sign-in asks for your login"
          >
            Sign out everywhere
          </button>{' '}
          <button data-testid="switch-account" disabled={signingOut} onClick={onSwitchAccount}>
            Switch account
          </button>
        </p>
      </section>
      <section>
        <h2>Access token</h2>
        <dl>
          <dt>expires in</dt>
          <dd>
            {token.expiresAt === undefined ? (
              'no expiry sent'
            ) : (
              <Countdown until={token.expiresAt} />
            )}
          </dd>
          <dt>scopes</dt>
          <dd>{token.scopes.join(' ')}</dd>
          <dt>refreshes seen</dt>
          <dd data-testid="refreshes">{refreshes}</dd>
          <dt>token</dt>
          <dd>{`${token.accessToken.slice(0, 6)}…${token.accessToken.slice(-4)}`}</dd>
        </dl>
      </section>
    </>
  );
}
