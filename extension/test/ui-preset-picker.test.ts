import { LatchkeyError, validateProviderConfig } from '@latchkey/core';
import { PRESETS } from '@latchkey/core/presets';
import { describe, expect, it } from 'vitest';

import { presetConfig } from '../src/options/PresetPicker.js';
import { formFromConfig, formToConfig } from '../src/options/provider-form.js';

const examples = (name: string) =>
  Object.fromEntries((PRESETS[name]?.info.params ?? []).map((p) => [p.name, p.example]));

describe('options: Add from preset', () => {
  it.each(Object.keys(PRESETS))(
    '%s fills the provider form so that saving it gives the preset’s config',
    (name) => {
      const config = presetConfig(name, examples(name));
      const form = { ...formFromConfig(config), clientId: 'my-client' };
      const saved = formToConfig(form);
      expect(saved.errors).toBeUndefined();
      expect(validateProviderConfig(saved.config)).toEqual(
        validateProviderConfig({ ...config, clientId: 'my-client' }),
      );
    },
  );

  it('leaves blank optional parameters out and reports a bad one', () => {
    expect(presetConfig('gitlab', { host: '  ' }).issuer).toBe('https://gitlab.com');
    expect(() => presetConfig('auth0', { domain: 'evil.example/x' })).toThrow(LatchkeyError);
    expect(() => presetConfig('auth0', {})).toThrow(/domain/);
  });
});
