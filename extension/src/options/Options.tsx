import type { ProvidersModel } from './providers-model.js';
import { ProvidersSection } from './ProvidersSection.js';
import type { SitesModel } from './sites-model.js';
import { SitesSection } from './SitesSection.js';

export interface OptionsProps {
  providers: ProvidersModel;
  sites: SitesModel;
}

export function Options({ providers, sites }: OptionsProps) {
  return (
    <main class="options">
      <h1>Latchkey options</h1>
      <ProvidersSection model={providers} />
      <SitesSection model={sites} />
    </main>
  );
}
