import type { DemoProvider } from '../config.js';

export interface ProviderPickerProps {
  providers: DemoProvider[];
  /** The id of the picked provider. */
  picked: string;
  onPick: (provider: DemoProvider) => void;
}

/** Which provider the demo signs in with: each has its own session, shown when picked. */
export function ProviderPicker({ providers, picked, onPick }: ProviderPickerProps) {
  return (
    <p>
      <label>
        Provider{' '}
        <select
          data-testid="provider-picker"
          value={picked}
          onChange={(e) => {
            const next = providers.find((p) => p.provider.id === e.currentTarget.value);
            if (next) onPick(next);
          }}
        >
          {providers.map(({ provider }) => (
            <option key={provider.id} value={provider.id}>
              {provider.name ?? provider.id}
            </option>
          ))}
        </select>
      </label>
    </p>
  );
}
