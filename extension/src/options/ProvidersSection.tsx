import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { createStore, useStore } from '../ui/store.js';
import { idle, type Loadable } from '../ui/loadable.js';
import type { ActionState } from '../ui/action-state.js';
import type { SessionAccountView } from '../common/internal-protocol.js';
import { ImportExport } from './ImportExport.js';
import { PresetPicker } from './PresetPicker.js';
import { emptyForm, formFromConfig, type ProviderFormValues } from './provider-form.js';
import { ProviderCard } from './ProviderCard.js';
import { ProviderForm } from './ProviderForm.js';
import type { ProvidersModel } from './providers-model.js';
import { accountsOf, type SessionsModel } from '../ui/sessions-model.js';

export interface ProvidersSectionProps {
  model: ProvidersModel;
  sessions?: SessionsModel | undefined;
}

const NO_SESSIONS = createStore<Loadable<SessionAccountView[]>>(idle());
const NO_ACTIONS = createStore<ActionState>({ running: new Set() });

type Editing = { form: ProviderFormValues; existing: boolean } | undefined;

export function ProvidersSection({ model, sessions }: ProvidersSectionProps) {
  useEffect(() => model.start(), [model]);
  const providers = useStore(model.providers);
  const actions = useStore(model.actions.state);
  // The accounts follow the providers' list (a provider removed or redefined drops its sessions).
  useEffect(() => void sessions?.load(), [sessions, providers.data]);
  const sessionList = useStore(sessions?.sessions ?? NO_SESSIONS);
  const sessionActions = useStore(sessions?.actions.state ?? NO_ACTIONS);
  const [editing, setEditing] = useState<Editing>(undefined);

  return (
    <section aria-labelledby="providers-title">
      <h2 id="providers-title">Providers</h2>
      <ErrorNote error={providers.error} />
      <ErrorNote error={actions.error} />
      <ErrorNote error={sessionActions.error} />
      {editing === undefined ? (
        <button
          type="button"
          class="primary"
          onClick={() => setEditing({ form: emptyForm(), existing: false })}
        >
          Add provider
        </button>
      ) : (
        <ProviderForm
          initial={editing.form}
          editing={editing.existing}
          discover={model.discover}
          save={model.save}
          onDone={() => setEditing(undefined)}
        />
      )}
      {editing === undefined && (
        <PresetPicker onPick={(c) => setEditing({ form: formFromConfig(c), existing: false })} />
      )}
      {providers.data !== undefined && providers.data.length === 0 && (
        <p class="muted">No providers yet.</p>
      )}
      <ul class="plain" aria-label="Providers">
        {(providers.data ?? []).map((p) => (
          <ItemBoundary key={p.config.id} as="li" label={`provider ${p.config.id}`}>
            <ProviderCard
              provider={p}
              busy={actions.running.has(`remove:${p.config.id}`)}
              onEdit={() => setEditing({ form: formFromConfig(p.config), existing: true })}
              accounts={accountsOf(sessionList.data, p.config.id)}
              accountBusy={(a) => sessions?.busy(p.config.id, a) ?? false}
              onSignOutAccount={sessions && ((a) => void sessions.signOut(p.config.id, a))}
              onRemove={() => {
                if (confirm(`Remove provider "${p.config.id}" and its tokens?`))
                  void model.remove(p.config.id);
              }}
            />
          </ItemBoundary>
        ))}
      </ul>
      <ImportExport
        exportJson={model.exportJson}
        reviewImport={model.reviewImport}
        applyImport={model.applyImport}
      />
    </section>
  );
}
