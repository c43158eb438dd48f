import type { ProviderConfig } from '@latchkey/core';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';
import { ConfigField } from './ConfigField.js';
import {
  FORM_FIELDS,
  fieldOfMessage,
  formToConfig,
  mergeDiscovered,
  type FieldErrors,
  type FormField,
  type ProviderField,
  type ProviderFormValues,
} from './provider-form.js';

export interface ProviderFormProps {
  initial: ProviderFormValues;
  /** Editing an existing provider: its id cannot change. */
  editing: boolean;
  discover: (issuer: string) => Promise<Partial<ProviderConfig>>;
  save: (config: ProviderConfig) => Promise<unknown>;
  onDone: () => void;
}

/** Add or edit a provider; "Discover" fills the endpoints from the issuer's metadata. */
export function ProviderForm({ initial, editing, discover, save, onDone }: ProviderFormProps) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ErrorView | undefined>(undefined);
  const [busy, setBusy] = useState<'discover' | 'save' | undefined>(undefined);
  const set = (name: ProviderField) => (value: string) => setForm({ ...form, [name]: value });

  const onDiscover = async () => {
    setBusy('discover');
    setFailure(undefined);
    try {
      const found = await discover(form.issuer.trim());
      setForm(mergeDiscovered(form, found));
      setErrors({});
    } catch (error) {
      setErrors({ issuer: toErrorView(error).message });
    } finally {
      setBusy(undefined);
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = formToConfig(form);
    if (checked.errors !== undefined) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setBusy('save');
    try {
      await save(checked.config);
      onDone();
    } catch (error) {
      const view = toErrorView(error);
      const field = fieldOfMessage(view.message);
      if (field !== undefined) setErrors({ [field]: view.message });
      else setFailure(view);
    } finally {
      setBusy(undefined);
    }
  };

  const field = (f: FormField) =>
    editing && f.field.name === 'id' ? (
      <p key="id">
        Provider id <code>{form.id}</code>
      </p>
    ) : (
      <ConfigField
        key={f.field.name}
        def={f}
        value={form[f.field.name]}
        error={errors[f.field.name]}
        onInput={set(f.field.name)}
      />
    );
  const issuerField = FORM_FIELDS.find((f) => f.field.name === 'issuer');
  // Folded settings open when one of them is set or has an error.
  const moreOpen = FORM_FIELDS.some(
    (f) => !f.main && (form[f.field.name] !== '' || errors[f.field.name] !== undefined),
  );

  return (
    <form class="card provider-form" aria-label="Provider" onSubmit={onSubmit} noValidate>
      <div class="row issuer-row">
        {issuerField !== undefined && (
          <ConfigField
            def={issuerField}
            value={form.issuer}
            error={errors.issuer}
            onInput={set('issuer')}
          />
        )}
        <button
          type="button"
          disabled={busy !== undefined || form.issuer.trim() === ''}
          onClick={onDiscover}
        >
          {busy === 'discover' ? 'Discovering…' : 'Discover'}
        </button>
      </div>
      {FORM_FIELDS.filter((f) => f.main && f.field.name !== 'issuer').map(field)}
      <details class="more-settings" open={moreOpen}>
        <summary>More settings</summary>
        {FORM_FIELDS.filter((f) => !f.main).map(field)}
      </details>
      <ErrorNote error={failure} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy !== undefined}>
          {busy === 'save' ? 'Saving…' : 'Save provider'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
