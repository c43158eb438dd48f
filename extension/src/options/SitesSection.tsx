import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { formatDate } from '../ui/relative-time.js';
import { useStore } from '../ui/store.js';
import { ensureHostPermission } from './host-permission.js';
import { groupBySite, normaliseOrigin, type SitesModel } from './sites-model.js';

export interface SitesSectionProps {
  model: SitesModel;
}

/** Sites and what they were allowed (or denied), with revoke; add a site. */
export function SitesSection({ model }: SitesSectionProps) {
  useEffect(() => model.start(), [model]);
  const grants = useStore(model.grants);
  const actions = useStore(model.actions.state);
  const [site, setSite] = useState('');
  const [siteError, setSiteError] = useState<string | undefined>(undefined);

  const onAdd = async (event: Event) => {
    event.preventDefault();
    const origin = normaliseOrigin(site);
    if (origin === undefined) {
      setSiteError('Enter an http(s) origin, e.g. https://app.example.com');
      return;
    }
    setSiteError(undefined);
    let granted: boolean;
    try {
      granted = await ensureHostPermission(origin);
    } catch (error) {
      setSiteError(`The browser refused the permission: ${(error as Error).message}`);
      return;
    }
    if (!granted) {
      setSiteError('The site needs the permission to talk to Latchkey.');
      return;
    }
    await model.addSite(origin);
    setSite('');
  };

  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">Sites</h2>
      <ErrorNote error={grants.error} />
      <ErrorNote error={actions.error} />
      <form class="row" aria-label="Add a site" onSubmit={onAdd} noValidate>
        <input
          type="url"
          name="origin"
          aria-label="Site origin"
          placeholder="https://app.example.com"
          value={site}
          aria-invalid={siteError !== undefined}
          onInput={(e) => setSite((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit" disabled={actions.running.has('addSite')}>
          Add site
        </button>
        {siteError !== undefined && <span class="field-error">{siteError}</span>}
      </form>
      {grants.data !== undefined && grants.data.length === 0 && (
        <p class="muted">No site has a grant.</p>
      )}
      {groupBySite(grants.data ?? []).map(({ origin, grants: list }) => (
        <div class="card" key={origin} data-origin={origin} aria-label={origin}>
          <strong>{origin}</strong>
          <table>
            <thead>
              <tr>
                <th>Provider</th>
                <th>Decision</th>
                <th>Scopes</th>
                <th>By, when</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((g) => (
                <tr key={g.provider} data-provider={g.provider}>
                  <td>{g.provider}</td>
                  <td class={g.decision === 'allowed' ? 'ok' : 'bad'}>{g.decision}</td>
                  <td>{g.scopes.join(' ')}</td>
                  <td class="muted">
                    {g.by}, {formatDate(g.at)}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="danger small"
                      aria-label={`Revoke ${g.provider} for ${origin}`}
                      disabled={actions.running.has(`revoke:${origin}:${g.provider}`)}
                      onClick={() => void model.revoke(origin, g.provider)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
