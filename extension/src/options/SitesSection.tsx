import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
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
        <ItemBoundary key={origin} label={`the grants of ${origin}`}>
          <div class="card" data-origin={origin} role="group" aria-label={origin}>
            <strong>{origin}</strong>
            <table>
              <caption class="visually-hidden">Grants of {origin}</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">By, when</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <ItemBoundary key={g.provider} as="tr" colSpan={5} label={`grant ${g.provider}`}>
                    <tr data-provider={g.provider}>
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
                  </ItemBoundary>
                ))}
              </tbody>
            </table>
          </div>
        </ItemBoundary>
      ))}
    </section>
  );
}
