import {
  LatchkeyError,
  authorityOf,
  isLatchkeyError,
  parseOrigin,
  validateProviderConfig,
} from '@latchkey/core';
import type { ProviderConfig } from '@latchkey/core';
import type { ImportChange, ProviderSource, ProviderView } from '../common/internal-protocol.js';
import type { BrokerContext } from './broker-context.js';
import { brokerStorage } from './broker-storage.js';
import { pagesUsing } from './notify.js';
import { browser, identityRedirectUri } from '../platform/index.js';

export interface RegisteredProvider {
  config: ProviderConfig;
  source: ProviderSource;
}

/**
 * Where the registry reads the options' providers and drops sessions and grants: the storage of the
 * broker's context (a test passes its own context). Default: the extension's IndexedDB.
 */
export type RegistryContext = Pick<BrokerContext, 'storage'>;

const live: RegistryContext = { storage: brokerStorage };

/**
 * The redirect URI the broker uses for a provider (register it with the provider): the provider's
 * own, else the extension's `https://<id>.chromiumapp.org/`, which `launchWebAuthFlow` catches. One
 * URI serves every provider; the flow's `state` tells them apart.
 */
export function redirectUriFor(config: ProviderConfig): string {
  return config.redirectUri ?? identityRedirectUri() ?? '';
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
    const { providers } = (await browser.storage.managed.get('providers')) as {
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
export function loadProviders(ctx: RegistryContext = live): Promise<RegisteredProvider[]> {
  let list = merged.get(ctx.storage);
  if (!list) {
    list = mergeProviders(ctx).catch((error: unknown) => {
      merged.delete(ctx.storage);
      throw error;
    });
    merged.set(ctx.storage, list);
  }
  return list;
}

/**
 * A cache of the merge, dropped whenever a source changes: the options (written only by this
 * worker) and policy (`storage.onChanged` for the `managed` area, see index.ts).
 */
const merged = new Map<RegistryContext['storage'], Promise<RegisteredProvider[]>>();

export function invalidateProviders(): void {
  merged.clear();
}

async function mergeProviders(ctx: RegistryContext): Promise<RegisteredProvider[]> {
  const storage = await ctx.storage();
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
export async function findProvider(
  id: string,
  ctx: RegistryContext = live,
): Promise<RegisteredProvider> {
  const found = (await loadProviders(ctx)).find((p) => p.config.id === id);
  if (!found) throw new LatchkeyError('provider_unknown', `No provider ${id}`);
  return found;
}

/** Whether two configs of one id talk to the same server as the same client (core's rule). */
function sameAuthority(a: ProviderConfig | undefined, b: ProviderConfig | undefined): boolean {
  return a !== undefined && b !== undefined && authorityOf(a) === authorityOf(b);
}

/**
 * The fields that decide what is sent, and to whom: where tokens are asked for and sent (endpoints,
 * client id, redirect URI, resource origins, token header, DPoP), how the token request and response
 * look (extra parameters, format, response paths), and which sites are pre-allowed. A grant was given
 * to the provider these described; when one changes, the sites must be asked again.
 */
const GRANT_FIELDS = [
  'issuer',
  'authorizationEndpoint',
  'tokenEndpoint',
  'refreshEndpoint',
  'revocationEndpoint',
  'deviceAuthorizationEndpoint',
  'userinfoEndpoint',
  'clientId',
  'redirectUri',
  'extraAuthParams',
  'extraTokenParams',
  'tokenRequestFormat',
  'tokenResponse',
  'allowedOrigins',
  'resourceOrigins',
  'tokenHeader',
  'dpop',
] as const satisfies readonly (keyof ProviderConfig)[];

/** JSON with object keys sorted: two configs compare equal whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The top-level fields whose value differs between two configs, sorted. */
export function changedFields(a: ProviderConfig, b: ProviderConfig): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter(
      (k) =>
        canonical((a as unknown as Record<string, unknown>)[k]) !==
        canonical((b as unknown as Record<string, unknown>)[k]),
    )
    .sort();
}

/** Whether a redefinition keeps the sites' grants (no field of {@link GRANT_FIELDS} changed). */
function keepsGrants(a: ProviderConfig | undefined, b: ProviderConfig | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const changed = changedFields(a, b);
  return !GRANT_FIELDS.some((f) => changed.includes(f));
}

/**
 * Stored tokens and grants are kept by provider id only. When the provider behind an id changes
 * server or client, its session is dropped first, so that a refresh token is never sent to (nor an
 * access or id token used with) a server that did not issue it — e.g. an imported file that
 * redefines an id. When any field deciding what is sent or to whom changes ({@link GRANT_FIELDS}),
 * the sites' grants are dropped: the person allowed them another provider.
 */
async function applyRedefinition(
  ctx: RegistryContext,
  id: string,
  before: ProviderConfig | undefined,
  after: ProviderConfig | undefined,
): Promise<void> {
  const storage = await ctx.storage();
  const dropsSession = !sameAuthority(before, after);
  const dropsGrants = !keepsGrants(before, after);
  if (!dropsSession && !dropsGrants) return;
  // The pages that may hold this id's token in memory hear of it once it is gone.
  const tell = await pagesUsing(id, before, storage);
  if (dropsSession) await storage.deleteTokens(id);
  if (dropsGrants) {
    for (const grant of await storage.listGrants()) {
      if (grant.provider === id) await storage.deleteGrant(grant.origin, id);
    }
  }
  tell(dropsSession ? 'signedOut' : 'grantRevoked');
}

/**
 * Enterprise policy changed its `providers` (`storage.onChanged`, area `managed`): the merge is
 * redone, and every id whose server or client changed with it loses its stored session.
 */
export async function policyProvidersChanged(
  oldValue: unknown,
  newValue: unknown,
  ctx: RegistryContext = live,
): Promise<void> {
  invalidateProviders();
  const options = await (await ctx.storage()).getProviders();
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const before = mergeLists(options, list(oldValue));
  const after = mergeLists(options, list(newValue));
  const byId = (all: RegisteredProvider[], id: string) =>
    all.find((p) => p.config.id === id)?.config;
  for (const id of new Set([...before, ...after].map((p) => p.config.id))) {
    await applyRedefinition(ctx, id, byId(before, id), byId(after, id));
  }
}

/** Saves a provider from the options page; policy providers cannot be overridden. */
export async function saveOptionsProvider(
  raw: unknown,
  ctx: RegistryContext = live,
): Promise<RegisteredProvider> {
  const config = validateProviderConfig(raw);
  const existing = (await loadProviders(ctx)).find((p) => p.config.id === config.id);
  if (existing?.source === 'policy') {
    throw new LatchkeyError('config_invalid', `Provider ${config.id} is set by policy`);
  }
  await applyRedefinition(ctx, config.id, existing?.config, config);
  const storage = await ctx.storage();
  const stored = (await storage.getProviders()).filter(
    (p) => (p as { id?: unknown }).id !== config.id,
  );
  await storage.putProviders([...stored, config]);
  invalidateProviders();
  return { config, source: 'options' };
}

/** Removes a provider the options page added; presets and policy cannot be removed. */
export async function removeOptionsProvider(
  id: string,
  ctx: RegistryContext = live,
): Promise<void> {
  const storage = await ctx.storage();
  const stored = await storage.getProviders();
  const kept = stored.filter((p) => (p as { id?: unknown }).id !== id);
  if (kept.length === stored.length) {
    throw new LatchkeyError('config_invalid', `Provider ${id} was not added in the options page`);
  }
  const before = (await loadProviders(ctx)).find((p) => p.config.id === id);
  await storage.putProviders(kept);
  invalidateProviders();
  // What the id means now: a preset or policy provider of the same id, or nothing.
  const after = (await loadProviders(ctx)).find((p) => p.config.id === id);
  await applyRedefinition(ctx, id, before?.config, after?.config);
}

/** One entry of an import, checked: the config, or why it is refused. */
function checkImported(
  raw: unknown,
  current: RegisteredProvider[],
): { config?: ProviderConfig; change: ImportChange } {
  const rawId = (raw as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' ? rawId : '';
  const empty = { fields: [], dropsGrants: [], dropsSession: false, consentOrigins: [] };
  let config: ProviderConfig;
  try {
    config = validateProviderConfig(raw);
  } catch (error) {
    const data = isLatchkeyError(error)
      ? error.toJSON()
      : { code: 'config_invalid' as const, message: 'Invalid provider' };
    return { change: { id, kind: 'refused', ...empty, error: data } };
  }
  const existing = current.find((p) => p.config.id === config.id);
  const consentOrigins = (config.allowedOrigins ?? []).flatMap((o) => parseOrigin(o) ?? []);
  if (existing?.source === 'policy') {
    const error = new LatchkeyError('config_invalid', `Provider ${config.id} is set by policy`);
    return { change: { id: config.id, kind: 'refused', ...empty, error: error.toJSON() } };
  }
  if (!existing) {
    return { config, change: { id: config.id, kind: 'add', ...empty, consentOrigins } };
  }
  const fields = changedFields(existing.config, config);
  return {
    config,
    change: {
      id: config.id,
      kind: fields.length ? 'replace' : 'unchanged',
      fields,
      dropsGrants: [],
      dropsSession: !sameAuthority(existing.config, config),
      consentOrigins,
    },
  };
}

/**
 * What importing `configs` would do, changing nothing: per entry, added or replaced (which fields),
 * whether the session and which sites' grants would be dropped, and which `allowedOrigins` will be
 * asked for consent (an import pre-grants nothing).
 */
export async function previewImport(
  configs: unknown[],
  ctx: RegistryContext = live,
): Promise<ImportChange[]> {
  const current = await loadProviders(ctx);
  const grants = await (await ctx.storage()).listGrants();
  return configs.map((raw) => {
    const { config, change } = checkImported(raw, current);
    const existing = current.find((p) => p.config.id === change.id);
    if (config && existing && !keepsGrants(existing.config, config)) {
      change.dropsGrants = grants.filter((g) => g.provider === config.id).map((g) => g.origin);
    }
    return change;
  });
}

/**
 * Applies an import the person saw in {@link previewImport}: all entries or none (one refused entry
 * refuses the import with its error).
 */
export async function applyImport(
  configs: unknown[],
  ctx: RegistryContext = live,
): Promise<RegisteredProvider[]> {
  const current = await loadProviders(ctx);
  for (const raw of configs) {
    const { change } = checkImported(raw, current);
    if (change.kind === 'refused') {
      throw new LatchkeyError(
        'config_invalid',
        `Import refused: ${change.id || 'an entry'}: ${change.error?.message ?? 'invalid'}`,
      );
    }
  }
  const saved: RegisteredProvider[] = [];
  for (const raw of configs) saved.push(await saveOptionsProvider(raw, ctx));
  return saved;
}
