import type { ProviderConfig } from '@latchkey/core';
import { PRESETS, expandPreset } from '@latchkey/core/presets';
import { useState } from 'preact/hooks';
import { toErrorView } from '../ui/error-view.js';
import { TextField } from './TextField.js';

export interface PresetPickerProps {
  /** Called with the preset's config (no client id yet) to fill the provider form. */
  onPick: (config: ProviderConfig) => void;
}

/**
 * The preset's config for the parameters typed in the picker, with an empty client id (the form
 * asks for it); a blank optional parameter counts as not given. Throws the preset's
 * `config_invalid` error for a missing or malformed parameter.
 */
export function presetConfig(preset: string, params: Record<string, string>): ProviderConfig {
  const trimmed = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.trim()]));
  return expandPreset({ ...trimmed, preset, clientId: '' }) as ProviderConfig;
}

/** "Add from preset": choose a provider, give its parameters, and fill the provider form. */
export function PresetPicker({ onPick }: PresetPickerProps) {
  const [name, setName] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const entry = name !== '' ? PRESETS[name] : undefined;

  const onFill = () => {
    if (entry === undefined) return;
    try {
      onPick(presetConfig(name, params));
      setError(undefined);
    } catch (e) {
      setError(toErrorView(e).message);
    }
  };

  return (
    <details class="card preset-picker">
      <summary>Add from preset</summary>
      <label class="field">
        <span>Provider</span>
        <select
          name="preset"
          value={name}
          onChange={(e) => {
            setName((e.currentTarget as HTMLSelectElement).value);
            setParams({});
            setError(undefined);
          }}
        >
          <option value="">Choose…</option>
          {Object.values(PRESETS).map(({ info }) => (
            <option key={info.preset} value={info.preset}>
              {info.name}
            </option>
          ))}
        </select>
      </label>
      {entry !== undefined && (
        <>
          {entry.info.params.map((p) => (
            <TextField
              key={p.name}
              label={p.label}
              name={`preset-${p.name}`}
              value={params[p.name] ?? ''}
              placeholder={p.example}
              {...(p.optional === true ? { hint: 'optional' } : {})}
              onInput={(value) => setParams({ ...params, [p.name]: value })}
            />
          ))}
          {error !== undefined && (
            <p class="field-error" role="alert">
              {error}
            </p>
          )}
          <p class="muted">
            Register: {entry.info.register}{' '}
            <a href={entry.info.docs} target="_blank" rel="noreferrer">
              Documentation
            </a>
          </p>
          {!entry.info.publicClient && (
            <p class="field-error" role="note">
              {entry.info.name} documents no way to use it as a public client from the browser (no
              client secret); see the documentation before relying on it.
            </p>
          )}
          <button type="button" onClick={onFill}>
            Fill the form
          </button>
        </>
      )}
    </details>
  );
}
