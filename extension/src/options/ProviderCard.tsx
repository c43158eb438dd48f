import type { ProviderView } from '../shared/internal-protocol.js';
import { CopyButton } from '../ui/CopyButton.js';
import { ProviderLogo } from '../ui/ProviderLogo.js';

export interface ProviderCardProps {
  provider: ProviderView;
  busy: boolean;
  onEdit: () => void;
  onRemove: () => void;
}

/** One provider, with the redirect URI to register at the provider. */
export function ProviderCard({ provider, busy, onEdit, onRemove }: ProviderCardProps) {
  const { config, source, redirectUri } = provider;
  const editable = source !== 'policy';
  return (
    <li class="card" data-provider={config.id} aria-label={config.name ?? config.id}>
      <div class="row">
        <ProviderLogo logoUri={config.logoUri} size={24} />
        <strong>{config.name ?? config.id}</strong>
        <code class="muted">{config.id}</code>
        <span class="badge">{source}</span>
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
      </dl>
      {editable ? (
        <div class="row">
          <button type="button" aria-label={`Edit ${config.id}`} onClick={onEdit}>
            Edit
          </button>
          <button
            type="button"
            class="danger"
            aria-label={`Remove ${config.id}`}
            disabled={busy}
            onClick={onRemove}
          >
            Remove
          </button>
        </div>
      ) : (
        <p class="muted">Set by policy: it cannot be changed here.</p>
      )}
    </li>
  );
}
