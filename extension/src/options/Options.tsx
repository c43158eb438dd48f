import type { ProvidersModel } from './providers-model.js';
import { ProvidersSection } from './ProvidersSection.js';
import type { SitesModel } from './sites-model.js';
import { SitesSection } from './SitesSection.js';
import type { SessionsModel } from '../ui/sessions-model.js';

export interface OptionsProps {
  providers: ProvidersModel;
  sites: SitesModel;
  sessions?: SessionsModel;
}

export function Options({ providers, sites, sessions }: OptionsProps) {
  return (
    <main class="options">
      <h1>Latchkey options</h1>
      <ProvidersSection model={providers} sessions={sessions} />
      <SitesSection model={sites} />
    </main>
  );
}
