import type { GrantRecord } from '@latchkey/core';
import { createActions, type Actions } from '../ui/action-state.js';
import type { InternalClient } from '../ui/internal-client.js';
import { idle, loadInto, type Loadable } from '../ui/loadable.js';
import { createStore, type Store } from '../ui/store.js';

export interface SiteGrants {
  origin: string;
  grants: GrantRecord[];
}

export interface SitesModel {
  grants: Store<Loadable<GrantRecord[]>>;
  actions: Actions;
  load(): Promise<void>;
  revoke(origin: string, provider: string): Promise<void>;
  /** Allows a site the person denied (or blocked): their own grant of the provider's scopes. */
  allow(origin: string, provider: string): Promise<void>;
  /** Adds a site (the broker asks for the host permission and registers the bridge). */
  addSite(origin: string): Promise<void>;
  start(): () => void;
}

/** Grants grouped by site, sites in alphabetical order. */
export function groupBySite(grants: GrantRecord[]): SiteGrants[] {
  const bySite = new Map<string, GrantRecord[]>();
  for (const grant of grants) {
    const list = bySite.get(grant.origin) ?? [];
    list.push(grant);
    bySite.set(grant.origin, list);
  }
  return [...bySite.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([origin, list]) => ({
      origin,
      grants: list.sort((a, b) => a.provider.localeCompare(b.provider)),
    }));
}

/**
 * Who decided a grant, in words: the person's own decisions carry their date; a pre-grant of a
 * preset or policy provider (`allowedOrigins`) has none (the broker lists it with `at: 0`), so it
 * names its source instead. A pre-grant cannot be removed, only blocked (a stored denial overrides it).
 */
export function grantSource(grant: Pick<GrantRecord, 'by'>): {
  text: string;
  /** `false` for a pre-grant: revoking it stores a denial instead of removing it. */
  removable: boolean;
} {
  switch (grant.by) {
    case 'preset':
      return { text: "Set by the extension's build", removable: false };
    case 'policy':
      return { text: 'Set by policy', removable: false };
    default:
      return { text: 'By you', removable: true };
  }
}

/** A site as the browser names it: `scheme://host[:port]`, nothing else. */
export function normaliseOrigin(input: string): string | undefined {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export function createSitesModel(client: InternalClient): SitesModel {
  const grants = createStore<Loadable<GrantRecord[]>>(idle());
  const actions = createActions();
  const load = () => loadInto(grants, () => client.call('listGrants', {}));
  return {
    grants,
    actions,
    load,
    async revoke(origin, provider) {
      await actions.run(`revoke:${origin}:${provider}`, () =>
        client.call('revokeGrant', { origin, provider }),
      );
      await load();
    },
    async allow(origin, provider) {
      await actions.run(`revoke:${origin}:${provider}`, () =>
        client.call('allowSite', { origin, provider }),
      );
      await load();
    },
    async addSite(origin) {
      await actions.run('addSite', () => client.call('addSite', { origin }));
      await load();
    },
    start() {
      void load();
      return () => {};
    },
  };
}
