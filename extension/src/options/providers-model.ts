import type { ProviderConfig } from '@latchkey/core';
import type { ProviderView } from '../shared/internal-protocol.js';
import { createActions, type Actions } from '../ui/action-state.js';
import type { InternalClient } from '../ui/internal-client.js';
import { idle, loadInto, type Loadable } from '../ui/loadable.js';
import { createStore, type Store } from '../ui/store.js';

export interface ProvidersModel {
  providers: Store<Loadable<ProviderView[]>>;
  actions: Actions;
  load(): Promise<void>;
  /** Metadata discovery (RFC 8414, then OIDC) through the broker. Throws on failure. */
  discover(issuer: string): Promise<Partial<ProviderConfig>>;
  /** Saves and reloads. Throws the broker's error (e.g. `config_invalid`) for the form to show. */
  save(config: ProviderConfig): Promise<ProviderView>;
  remove(id: string): Promise<void>;
  /** Imports a JSON array (or one object) of configs. Throws on invalid JSON or configs. */
  importJson(text: string): Promise<ProviderView[]>;
  /** The providers the user can edit (not policy), as pretty JSON. */
  exportJson(): string;
  start(): () => void;
}

export function createProvidersModel(client: InternalClient): ProvidersModel {
  const providers = createStore<Loadable<ProviderView[]>>(idle());
  const actions = createActions();
  const load = () => loadInto(providers, () => client.call('listProviders', {}));
  return {
    providers,
    actions,
    load,
    discover: (issuer) => client.call('discoverProvider', { issuer }),
    async save(config) {
      const saved = await client.call('saveProvider', { config });
      await load();
      return saved;
    },
    async remove(id) {
      await actions.run(`remove:${id}`, () => client.call('removeProvider', { id }));
      await load();
    },
    async importJson(text) {
      const parsed: unknown = JSON.parse(text);
      const configs = Array.isArray(parsed) ? parsed : [parsed];
      const imported = await client.call('importProviders', { configs });
      await load();
      return imported;
    },
    exportJson() {
      const configs = (providers.get().data ?? [])
        .filter((p) => p.source !== 'policy')
        .map((p) => p.config);
      return JSON.stringify(configs, null, 2);
    },
    start() {
      void load();
      return () => {};
    },
  };
}
