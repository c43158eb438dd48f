import type { ProviderConfig } from '@latchkey/core';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../ui/ErrorNote.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';
import {
  fieldOfMessage,
  formToConfig,
  mergeDiscovered,
  type FieldErrors,
  type ProviderField,
  type ProviderFormValues,
} from './provider-form.js';
import { TextField } from './TextField.js';

export interface ProviderFormProps {
  initial: ProviderFormValues;
  /** Editing an existing provider: its id cannot change. */
  editing: boolean;
  discover: (issuer: string) => Promise<Partial<ProviderConfig>>;
  save: (config: ProviderConfig) => Promise<unknown>;
  onDone: () => void;
}

const FIELDS: { name: ProviderField; label: string; hint?: string; multiline?: boolean }[] = [
  { name: 'id', label: 'Provider id' },
  { name: 'name', label: 'Display name' },
  { name: 'clientId', label: 'Client id' },
  { name: 'scopes', label: 'Scopes', hint: 'space-separated' },
  { name: 'authorizationEndpoint', label: 'Authorization endpoint' },
  { name: 'tokenEndpoint', label: 'Token endpoint' },
  { name: 'revocationEndpoint', label: 'Revocation endpoint' },
  { name: 'userinfoEndpoint', label: 'Userinfo endpoint' },
  { name: 'deviceAuthorizationEndpoint', label: 'Device authorization endpoint' },
  { name: 'redirectUri', label: 'Redirect URI', hint: 'leave empty for the extension’s own' },
  { name: 'allowedOrigins', label: 'Allowed sites', hint: 'one origin per line', multiline: true },
  { name: 'resourceOrigins', label: 'Resource origins', hint: 'one per line', multiline: true },
  {
    name: 'advanced',
    label: 'Advanced (JSON)',
    hint: 'extraAuthParams, tokenResponse, …',
    multiline: true,
  },
];

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

  return (
    <form class="card provider-form" aria-label="Provider" onSubmit={onSubmit} noValidate>
      <div class="row issuer-row">
        <TextField
          label="Issuer URL"
          name="issuer"
          value={form.issuer}
          error={errors.issuer}
          placeholder="https://accounts.example.com"
          onInput={set('issuer')}
        />
        <button
          type="button"
          disabled={busy !== undefined || form.issuer.trim() === ''}
          onClick={onDiscover}
        >
          {busy === 'discover' ? 'Discovering…' : 'Discover'}
        </button>
      </div>
      {FIELDS.map((f) =>
        editing && f.name === 'id' ? (
          <p key="id">
            Provider id <code>{form.id}</code>
          </p>
        ) : (
          <TextField
            key={f.name}
            label={f.label}
            name={f.name}
            value={form[f.name]}
            error={errors[f.name]}
            multiline={f.multiline ?? false}
            {...(f.hint !== undefined ? { hint: f.hint } : {})}
            onInput={set(f.name)}
          />
        ),
      )}
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
