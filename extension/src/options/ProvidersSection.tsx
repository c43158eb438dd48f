import { useEffect, useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { ItemBoundary } from '../ui/ItemBoundary.js';
import { useStore } from '../ui/store.js';
import { ImportExport } from './ImportExport.js';
import { PresetPicker } from './PresetPicker.js';
import { emptyForm, formFromConfig, type ProviderFormValues } from './provider-form.js';
import { ProviderCard } from './ProviderCard.js';
import { ProviderForm } from './ProviderForm.js';
import type { ProvidersModel } from './providers-model.js';

export interface ProvidersSectionProps {
  model: ProvidersModel;
}

type Editing = { form: ProviderFormValues; existing: boolean } | undefined;

export function ProvidersSection({ model }: ProvidersSectionProps) {
  useEffect(() => model.start(), [model]);
  const providers = useStore(model.providers);
  const actions = useStore(model.actions.state);
  const [editing, setEditing] = useState<Editing>(undefined);

  return (
    <section aria-labelledby="providers-title">
      <h2 id="providers-title">Providers</h2>
      <ErrorNote error={providers.error} />
      <ErrorNote error={actions.error} />
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
