import { LatchkeyError, authorityOf, validateProviderConfig } from '@latchkey/core';
import type { ProviderConfig } from '@latchkey/core';
import type { ProviderSource, ProviderView } from '../shared/internal-protocol.js';
import { brokerStorage } from './broker-storage.js';

export interface RegisteredProvider {
  config: ProviderConfig;
  source: ProviderSource;
}

/**
 * The redirect URI the broker uses for a provider (register it with the provider): the provider's
 * own, else the extension's `https://<id>.chromiumapp.org/`, which `launchWebAuthFlow` catches. One
 * URI serves every provider; the flow's `state` tells them apart.
 */
export function redirectUriFor(config: ProviderConfig): string {
  return config.redirectUri ?? chrome.identity?.getRedirectURL() ?? '';
}

export function toView(p: RegisteredProvider): ProviderView {
  return { config: p.config, source: p.source, redirectUri: redirectUriFor(p.config) };
}

function validOrSkip(raw: unknown, source: ProviderSource): RegisteredProvider | undefined {
  try {
    return { config: validateProviderConfig(raw), source };
  } catch (error) {
    console.warn(`latchkey: ignoring an invalid ${source} provider`, error);
    return undefined;
  }
}

/** Providers from enterprise policy (`chrome.storage.managed`, see public/managed-schema.json). */
async function policyProviders(): Promise<unknown[]> {
  try {
    const { providers } = (await chrome.storage.managed.get('providers')) as {
      providers?: unknown;
    };
    return Array.isArray(providers) ? providers : [];
  } catch {
    return []; // no policy, or managed storage unavailable
  }
}

/**
 * The providers, merged by id from three sources: the build's preset file, the options page
 * (IndexedDB `providers` store) and policy. Later sources win: options over preset, policy over all.
 */
export function loadProviders(): Promise<RegisteredProvider[]> {
  merged ??= mergeProviders().catch((error: unknown) => {
    merged = undefined;
    throw error;
  });
  return merged;
}

/**
 * A cache of the merge, dropped whenever a source changes: the options (written only by this
 * worker) and policy (`storage.onChanged` for the `managed` area, see index.ts).
 */
let merged: Promise<RegisteredProvider[]> | undefined;

export function invalidateProviders(): void {
  merged = undefined;
}

async function mergeProviders(): Promise<RegisteredProvider[]> {
  const storage = await brokerStorage();
  const [options, policy] = await Promise.all([storage.getProviders(), policyProviders()]);
  return mergeLists(options, policy);
}

function mergeLists(options: unknown[], policy: unknown[]): RegisteredProvider[] {
  const merged = new Map<string, RegisteredProvider>();
  const add = (list: unknown[], source: ProviderSource): void => {
    for (const raw of list) {
      const p = validOrSkip(raw, source);
      if (p) merged.set(p.config.id, p);
    }
  };
  add(__LATCHKEY_PRESETS__, 'preset');
  add(options, 'options');
  add(policy, 'policy');
  return [...merged.values()];
}

/** One provider, or `provider_unknown`. */
export async function findProvider(id: string): Promise<RegisteredProvider> {
  const found = (await loadProviders()).find((p) => p.config.id === id);
  if (!found) throw new LatchkeyError('provider_unknown', `No provider ${id}`);
  return found;
}

/** Whether two configs of one id talk to the same server as the same client (core's rule). */
function sameAuthority(a: ProviderConfig | undefined, b: ProviderConfig | undefined): boolean {
  return a !== undefined && b !== undefined && authorityOf(a) === authorityOf(b);
}

/**
 * Stored tokens and grants are kept by provider id only: when the provider behind an id changes
 * server or client, its session is dropped first, so that a refresh token is never sent to (nor an
 * access or id token used with) a server that did not issue it — e.g. an imported file that
 * redefines an id — and so are the sites' grants: the user allowed them another provider.
 */
async function dropSessionUnlessSameAuthority(
  id: string,
  before: ProviderConfig | undefined,
  after: ProviderConfig | undefined,
): Promise<void> {
  if (sameAuthority(before, after)) return;
  const storage = await brokerStorage();
  await storage.deleteTokens(id);
  for (const grant of await storage.listGrants()) {
    if (grant.provider === id) await storage.deleteGrant(grant.origin, id);
  }
}

/**
 * Enterprise policy changed its `providers` (`storage.onChanged`, area `managed`): the merge is
 * redone, and every id whose server or client changed with it loses its stored session.
 */
export async function policyProvidersChanged(oldValue: unknown, newValue: unknown): Promise<void> {
  invalidateProviders();
  const options = await (await brokerStorage()).getProviders();
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const before = mergeLists(options, list(oldValue));
  const after = mergeLists(options, list(newValue));
  const byId = (all: RegisteredProvider[], id: string) =>
    all.find((p) => p.config.id === id)?.config;
  for (const id of new Set([...before, ...after].map((p) => p.config.id))) {
    await dropSessionUnlessSameAuthority(id, byId(before, id), byId(after, id));
  }
}

/** Saves a provider from the options page; policy providers cannot be overridden. */
export async function saveOptionsProvider(raw: unknown): Promise<RegisteredProvider> {
  const config = validateProviderConfig(raw);
  const existing = (await loadProviders()).find((p) => p.config.id === config.id);
  if (existing?.source === 'policy') {
    throw new LatchkeyError('config_invalid', `Provider ${config.id} is set by policy`);
  }
  await dropSessionUnlessSameAuthority(config.id, existing?.config, config);
  const storage = await brokerStorage();
  const stored = (await storage.getProviders()).filter(
    (p) => (p as { id?: unknown }).id !== config.id,
  );
  await storage.putProviders([...stored, config]);
  invalidateProviders();
  return { config, source: 'options' };
}

/** Removes a provider the options page added; presets and policy cannot be removed. */
export async function removeOptionsProvider(id: string): Promise<void> {
  const storage = await brokerStorage();
  const stored = await storage.getProviders();
  const kept = stored.filter((p) => (p as { id?: unknown }).id !== id);
  if (kept.length === stored.length) {
    throw new LatchkeyError('config_invalid', `Provider ${id} was not added in the options page`);
  }
  const before = (await loadProviders()).find((p) => p.config.id === id);
  await storage.putProviders(kept);
  invalidateProviders();
  // What the id means now: a preset or policy provider of the same id, or nothing.
  const after = (await loadProviders()).find((p) => p.config.id === id);
  await dropSessionUnlessSameAuthority(id, before?.config, after?.config);
}
