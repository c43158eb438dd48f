import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { formatHumanDate, isValidTime } from '../ui/relative-time.js';
import { useStore } from '../ui/store.js';
import { ensureHostPermission } from './host-permission.js';
import { grantSource, groupBySite, normaliseOrigin, type SitesModel } from './sites-model.js';

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
            <h3 class="site-origin">{origin}</h3>
            <table>
              <caption class="visually-hidden">Grants of {origin}</caption>
              <thead>
                <tr>
                  <th scope="col">Provider</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Decided</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => {
                  const source = grantSource(g);
                  const running = actions.running.has(`revoke:${origin}:${g.provider}`);
                  return (
                    <ItemBoundary
                      key={g.provider}
                      as="tr"
                      colSpan={5}
                      label={`grant ${g.provider}`}
                    >
                      <tr data-provider={g.provider} data-by={g.by}>
                        <td>{g.provider}</td>
                        <td class={g.decision === 'allowed' ? 'ok' : 'bad'}>{g.decision}</td>
                        <td>{g.scopes.join(' ')}</td>
                        <td class="muted decided">
                          {source.text}
                          {source.removable && (
                            <>
                              ,{' '}
                              <time
                                dateTime={
                                  isValidTime(g.at) ? new Date(g.at).toISOString() : undefined
                                }
                              >
                                {formatHumanDate(g.at)}
                              </time>
                            </>
                          )}
                        </td>
                        <td>
                          {source.removable ? (
                            <>
                              {g.decision === 'denied' && (
                                <>
                                  <button
                                    type="button"
                                    class="small"
                                    aria-label={`Allow ${g.provider} for ${origin}`}
                                    disabled={running}
                                    onClick={() => void model.allow(origin, g.provider)}
                                  >
                                    Allow
                                  </button>{' '}
                                </>
                              )}
                              <button
                                type="button"
                                class="danger small"
                                aria-label={`Revoke ${g.provider} for ${origin}`}
                                disabled={running}
                                onClick={() => void model.revoke(origin, g.provider)}
                              >
                                Revoke
                              </button>
                            </>
                          ) : (
                            <>
                              <span class="muted">Cannot be removed.</span>{' '}
                              <button
                                type="button"
                                class="danger small"
                                aria-label={`Block ${g.provider} for ${origin}`}
                                aria-describedby={`why-${origin}-${g.provider}`}
                                disabled={running}
                                onClick={() => void model.revoke(origin, g.provider)}
                              >
                                Block
                              </button>
                              <span id={`why-${origin}-${g.provider}`} class="visually-hidden">
                                Blocking stores your denial, which overrides the pre-grant.
                              </span>
                            </>
                          )}
                        </td>
                      </tr>
                    </ItemBoundary>
                  );
                })}
              </tbody>
            </table>
          </div>
        </ItemBoundary>
      ))}
    </section>
  );
}
