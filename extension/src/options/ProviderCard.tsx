import type { ProviderView, SessionAccountView } from '../common/internal-protocol.js';
import { AccountList } from '../ui/AccountList.js';
import { CopyButton } from '../ui/CopyButton.js';
import { ProviderLogo } from '../ui/ProviderLogo.js';

export interface ProviderCardProps {
  provider: ProviderView;
  busy: boolean;
  onEdit: () => void;
  onRemove: () => void;
  /** Its signed-in accounts, with the sites using each, and a sign-out for each. */
  accounts?: readonly SessionAccountView[] | undefined;
  accountBusy?: ((account: string) => boolean) | undefined;
  onSignOutAccount?: ((account: string) => void) | undefined;
}

/** The source of a provider in words, for its badge. */
const SOURCE_LABELS: Record<ProviderView['source'], string> = {
  preset: 'built in',
  options: 'added here',
  policy: 'policy',
};

/**
 * One provider, with the redirect URI to register at the provider. Only a provider added here has
 * "Remove": a built-in one (the extension's build) can be edited (the edit is saved here and
 * replaces it) but not removed, and a policy one neither; each says so in words.
 */
export function ProviderCard(props: ProviderCardProps) {
  const { provider, busy, onEdit, onRemove, accounts, accountBusy, onSignOutAccount } = props;
  const { config, source, redirectUri } = provider;
  const editable = source !== 'policy';
  const removable = source === 'options';
  return (
    <li class="card" data-provider={config.id} aria-label={config.name ?? config.id}>
      <div class="row">
        <ProviderLogo logoUri={config.logoUri} size={24} />
        <h3 class="provider-name">{config.name ?? config.id}</h3>
        <code class="muted">{config.id}</code>
        <span class="badge" data-source={source}>
          {SOURCE_LABELS[source]}
        </span>
      </div>
      <dl class="facts">
        <dt>{config.issuer !== undefined ? 'Issuer' : 'Authorization'}</dt>
        <dd>
          <code>{config.issuer ?? config.authorizationEndpoint}</code>
        </dd>
        <dt>Client id</dt>
        <dd>
          <code>{config.clientId}</code>
        </dd>
        <dt>Scopes</dt>
        <dd>{(config.scopes ?? []).join(' ') || <span class="muted">none</span>}</dd>
        <dt>Redirect URI</dt>
        <dd class="row">
          <code class="redirect-uri">{redirectUri}</code>
          <CopyButton text={redirectUri} label={`Copy redirect URI of ${config.id}`} />
        </dd>
        <dt>Accounts</dt>
        <dd>
          {accounts !== undefined && accounts.length > 0 && onSignOutAccount !== undefined ? (
            <AccountList
              providerName={config.name ?? config.id}
              accounts={accounts}
              busy={accountBusy}
              onSignOut={onSignOutAccount}
            />
          ) : (
            <span class="muted">none signed in</span>
          )}
        </dd>
      </dl>
      {editable && (
        <div class="row">
          <button type="button" aria-label={`Edit ${config.id}`} onClick={onEdit}>
            Edit
          </button>
          {removable && (
            <button
              type="button"
              class="danger"
              aria-label={`Remove ${config.id}`}
              disabled={busy}
              onClick={onRemove}
            >
              Remove
            </button>
          )}
        </div>
      )}
      {source === 'preset' && (
        <p class="muted source-note">
          Built into this extension: it cannot be removed. Editing saves your own version, which
          replaces it.
        </p>
      )}
      {source === 'policy' && (
        <p class="muted source-note">
          Set by your organisation&rsquo;s policy: it cannot be changed or removed here.
        </p>
      )}
    </li>
  );
}
