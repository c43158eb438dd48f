import type { ProviderConfig } from '@latchkey/core';
import type { ProviderView } from '../common/internal-protocol.js';
import { createActions, type Actions } from '../ui/action-state.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';
import type { InternalClient } from '../ui/internal-client.js';
import { idle, loadInto, type Loadable } from '../ui/loadable.js';
import { createStore, type Store } from '../ui/store.js';
import { diffImport, withBrokerPreview, type ImportEntry } from './import-diff.js';

/** What an import would change, for the person to confirm (see `ImportExport`). */
export interface ImportReview {
  /** The configs read from the file, applied as they are once confirmed. */
  configs: unknown[];
  entries: ImportEntry[];
  /** Set when the broker could not preview the import: only the page's own diff is shown. */
  brokerNote?: ErrorView;
}

/** A providers file: a JSON array of configs, or one config. Throws `SyntaxError` when not JSON. */
export function parseProvidersFile(text: string): unknown[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed : [parsed];
}

export interface ProvidersModel {
  providers: Store<Loadable<ProviderView[]>>;
  actions: Actions;
  load(): Promise<void>;
  /** Metadata discovery (RFC 8414, then OIDC) through the broker. Throws on failure. */
  discover(issuer: string): Promise<Partial<ProviderConfig>>;
  /** Saves and reloads. Throws the broker's error (e.g. `config_invalid`) for the form to show. */
  save(config: ProviderConfig): Promise<ProviderView>;
  remove(id: string): Promise<void>;
  /**
   * What importing the file `text` (a JSON array or one object of configs) would change, without
   * changing anything: the page's field-by-field diff against the providers listed now, with the
   * broker's `previewImport` (its validation, the grants and sessions it would drop) when it answers.
   * Throws `SyntaxError` on invalid JSON.
   */
  reviewImport(text: string): Promise<ImportReview>;
  /** Applies a reviewed import (`applyImport`) and reloads. Throws the broker's error. */
  applyImport(review: ImportReview): Promise<ProviderView[]>;
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
    async reviewImport(text) {
      const configs = parseProvidersFile(text);
      // Against the list as it is now, not as the page last saw it.
      const current = await client.call('listProviders', {});
      providers.set({ loading: false, data: current });
      const entries = diffImport(configs, current);
      try {
        const preview = await client.call('previewImport', { configs });
        return { configs, entries: withBrokerPreview(entries, preview) };
      } catch (error) {
        return { configs, entries, brokerNote: toErrorView(error) };
      }
    },
    async applyImport(review) {
      const imported = await client.call('applyImport', { configs: review.configs });
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
