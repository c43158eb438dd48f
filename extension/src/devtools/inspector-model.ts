import type { GrantRecord, LogRecord } from '@latchkey/core';
import type { TokenDetails } from '../common/internal-protocol.js';
import { createActions, type Actions } from '../ui/action-state.js';
import { toErrorView, type ErrorView } from '../ui/error-view.js';
import type { InternalClient } from '../ui/internal-client.js';
import { idle, loadInto, type Loadable } from '../ui/loadable.js';
import { createStore, type Store } from '../ui/store.js';
import type { DevtoolsHost } from './devtools-host.js';

/** One grant of the inspected origin with the tokens of its provider. */
export interface GrantTokens {
  grant: GrantRecord;
  tokens?: TokenDetails;
  error?: ErrorView;
}

export interface InspectorModel {
  origin: Store<Loadable<string>>;
  grants: Store<Loadable<GrantTokens[]>>;
  log: Store<Loadable<LogRecord[]>>;
  actions: Actions;
  /** Re-reads the origin, then its grants, tokens and broker calls. */
  load(): Promise<void>;
  refreshNow(provider: string): Promise<void>;
  signOut(provider: string): Promise<void>;
  revokeGrant(provider: string): Promise<void>;
  /** Loads, reloads on navigation and every `pollMs`; returns the cleanup. */
  start(pollMs?: number): () => void;
}

export function createInspectorModel(client: InternalClient, host: DevtoolsHost): InspectorModel {
  const origin = createStore<Loadable<string>>(idle());
  const grants = createStore<Loadable<GrantTokens[]>>(idle());
  const log = createStore<Loadable<LogRecord[]>>(idle());
  const actions = createActions();

  const grantsWithTokens = async (site: string): Promise<GrantTokens[]> => {
    const list = await client.call('listGrants', { origin: site });
    return Promise.all(
      list
        .filter((grant) => grant.origin === site)
        .map(async (grant): Promise<GrantTokens> => {
          if (grant.decision !== 'allowed') return { grant };
          try {
            return {
              grant,
              tokens: await client.call('tokenDetails', { provider: grant.provider }),
            };
          } catch (error) {
            return { grant, error: toErrorView(error) };
          }
        }),
    );
  };

  const loadSite = async () => {
    const site = origin.get().data;
    if (site === undefined) return;
    await Promise.all([
      loadInto(grants, () => grantsWithTokens(site)),
      loadInto(log, () => client.call('readLog', { origin: site, limit: 100 })),
    ]);
  };

  const load = async () => {
    const before = origin.get().data;
    await loadInto(origin, () => host.inspectedOrigin());
    if (origin.get().data !== before) {
      grants.set(idle());
      log.set(idle());
    }
    await loadSite();
  };

  const act = async (key: string, fn: () => Promise<unknown>) => {
    await actions.run(key, fn);
    await loadSite();
  };

  return {
    origin,
    grants,
    log,
    actions,
    load,
    refreshNow: (provider) =>
      act(`refresh:${provider}`, () => client.call('refreshNow', { provider })),
    signOut: (provider) => act(`signOut:${provider}`, () => client.call('signOut', { provider })),
    revokeGrant(provider) {
      const site = origin.get().data;
      if (site === undefined) return Promise.resolve();
      return act(`revoke:${provider}`, () =>
        client.call('revokeGrant', { origin: site, provider }),
      );
    },
    start(pollMs = 5000) {
      void load();
      const stopNavigation = host.onNavigated(() => void load());
      const timer = setInterval(() => void loadSite(), pollMs);
      return () => {
        stopNavigation();
        clearInterval(timer);
      };
    },
  };
}
