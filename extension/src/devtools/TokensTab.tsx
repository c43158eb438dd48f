import { useEffect } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { accountsOf, type SessionsModel } from '../ui/sessions-model.js';
import { useStore } from '../ui/store.js';
import type { InspectorModel } from './inspector-model.js';
import { TokenCard } from './TokenCard.js';

export interface TokensTabProps {
  model: InspectorModel;
  /** Every provider's accounts (`listSessions`); each card shows its provider's. */
  sessions: SessionsModel;
}

export function TokensTab({ model, sessions }: TokensTabProps) {
  const grants = useStore(model.grants);
  const actions = useStore(model.actions.state);
  // The accounts follow the grants: every (re)load of the site's grants reloads them.
  useEffect(() => void sessions.load(), [sessions, grants.data]);
  const sessionList = useStore(sessions.sessions);
  const sessionActions = useStore(sessions.actions.state);
  return (
    <section aria-label="Grants and tokens">
      <ErrorNote error={grants.error} />
      <ErrorNote error={actions.error} />
      <ErrorNote error={sessionList.error ?? sessionActions.error} />
      {grants.loading && grants.data === undefined && <p class="muted">Loading…</p>}
      {grants.data !== undefined && grants.data.length === 0 && (
        <p class="muted no-grants">
          This site has no Latchkey grant. Bearer tokens it sends still show under Traffic.
        </p>
      )}
      {(grants.data ?? []).map((item) => (
        <ItemBoundary
          key={item.grant.provider}
          as="article"
          label={`the tokens of ${item.grant.provider}`}
        >
          <TokenCard
            item={item}
            running={actions.running}
            onRefresh={() => void model.refreshNow(item.grant.provider)}
            onSignOut={() => void model.signOut(item.grant.provider)}
            onRevoke={() => void model.revokeGrant(item.grant.provider)}
            accounts={accountsOf(sessionList.data, item.grant.provider)}
            accountBusy={(a) => sessions.busy(item.grant.provider, a)}
            onSignOutAccount={(a) =>
              void sessions.signOut(item.grant.provider, a).then(() => model.load())
            }
          />
        </ItemBoundary>
      ))}
    </section>
  );
}
