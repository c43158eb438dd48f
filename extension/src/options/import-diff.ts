import type { ImportChange, ProviderView } from '../common/internal-protocol.js';

/**
 * Fields that decide what is sent, to whom, and which sites get tokens: a change to one of them is
 * highlighted in the import review (a providers file from someone else could point a provider's
 * token endpoint at their server, add token parameters, or let their site use it).
 */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set([
  'issuer',
  'clientId',
  'redirectUri',
  'tokenResponse',
  'extraTokenParams',
  'extraAuthParams',
  'tokenRequestFormat',
  'tokenHeader',
  'allowedOrigins',
  'resourceOrigins',
  'scopes',
  'dpop',
  'codeChallengeMethod',
]);

/** Whether a change to config field `name` is highlighted (every `…Endpoint` is). */
export function isSensitiveField(name: string): boolean {
  return SENSITIVE_FIELDS.has(name) || name.endsWith('Endpoint');
}

export interface FieldChange {
  field: string;
  /** The current value (undefined: not set). */
  before?: unknown;
  /** The imported value (undefined: removed by the import). */
  after?: unknown;
  sensitive: boolean;
  /** For lists of strings (origins, scopes): what the import adds and removes. */
  added?: string[];
  removed?: string[];
}

export type ImportKind = 'add' | 'replace' | 'unchanged' | 'refused';

export interface ImportEntry {
  /** Position in the file (0-based). */
  index: number;
  /** The provider id, when the entry has one. */
  id?: string;
  kind: ImportKind;
  /** For `add`: every field set; for `replace`: every field that changes; sorted by name. */
  fields: FieldChange[];
  /** Why the entry is refused. */
  reason?: string;
  /** The same id comes again later in the file (the last one wins). */
  overridden?: boolean;
  /** From the broker's `previewImport`, when it answered: sites whose grants are dropped. */
  dropsGrants?: string[];
  /** From the broker: the stored session (tokens) is dropped. */
  dropsSession?: boolean;
  /** From the broker: origins of `allowedOrigins` that will be asked for consent on first use. */
  consentOrigins?: string[];
}

/** A JSON value in one canonical form (object keys sorted), to compare configs field by field. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

function fieldChange(field: string, before: unknown, after: unknown): FieldChange {
  const change: FieldChange = { field, sensitive: isSensitiveField(field) };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  if (isStringList(before ?? []) && isStringList(after ?? [])) {
    const b = (before ?? []) as string[];
    const a = (after ?? []) as string[];
    change.added = a.filter((s) => !b.includes(s));
    change.removed = b.filter((s) => !a.includes(s));
  }
  return change;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What importing `configs` would change, computed in the page against the providers it lists: per
 * entry, a new provider (every field it sets), a changed one (every top-level field whose value
 * differs, with before and after), unchanged, or refused (no id; an id set by policy). The broker
 * validates each config again when applying.
 */
export function diffImport(
  configs: readonly unknown[],
  current: readonly ProviderView[],
): ImportEntry[] {
  const byId = new Map(current.map((p) => [p.config.id, p]));
  const lastIndex = new Map<string, number>();
  configs.forEach((c, i) => {
    if (isObject(c) && typeof c.id === 'string') lastIndex.set(c.id, i);
  });
  return configs.map((config, index): ImportEntry => {
    if (!isObject(config)) {
      return { index, kind: 'refused', fields: [], reason: 'not a provider config (an object)' };
    }
    if (typeof config.id !== 'string' || config.id === '') {
      return { index, kind: 'refused', fields: [], reason: 'the config has no id' };
    }
    const id = config.id;
    const entry = (kind: ImportKind, fields: FieldChange[], reason?: string): ImportEntry => ({
      index,
      id,
      kind,
      fields,
      ...(reason !== undefined ? { reason } : {}),
      ...(lastIndex.get(id) !== index ? { overridden: true } : {}),
    });
    const existing = byId.get(id);
    if (existing?.source === 'policy') {
      return entry('refused', [], 'this provider is set by policy and cannot be changed here');
    }
    if (existing === undefined) {
      const fields = Object.keys(config)
        .filter((k) => k !== 'id' && config[k] !== undefined)
        .sort()
        .map((k) => fieldChange(k, undefined, config[k]));
      return entry('add', fields);
    }
    const before = existing.config as unknown as Record<string, unknown>;
    const names = [...new Set([...Object.keys(before), ...Object.keys(config)])]
      .filter((k) => k !== 'id')
      .sort();
    const fields = names
      .filter((k) => canonicalJson(before[k]) !== canonicalJson(config[k]))
      .map((k) => fieldChange(k, before[k], config[k]));
    return entry(fields.length === 0 ? 'unchanged' : 'replace', fields);
  });
}

/**
 * Adds what the broker's `previewImport` says (its validation, the grants and session dropped) to
 * the page's own diff; an entry the broker refuses is refused with the broker's message.
 */
export function withBrokerPreview(
  entries: readonly ImportEntry[],
  preview: readonly ImportChange[],
): ImportEntry[] {
  return entries.map((entry, i) => {
    // The broker answers one change per config, in order; an id check guards against a mismatch.
    const change = preview[i];
    if (change === undefined || (entry.id !== undefined && change.id !== entry.id)) return entry;
    const merged: ImportEntry = { ...entry };
    if (change.kind === 'refused') {
      merged.kind = 'refused';
      merged.reason = change.error?.message ?? entry.reason ?? 'refused by Latchkey';
    }
    if (change.dropsGrants.length > 0) merged.dropsGrants = [...change.dropsGrants];
    if (change.dropsSession) merged.dropsSession = true;
    if (change.consentOrigins.length > 0) merged.consentOrigins = [...change.consentOrigins];
    return merged;
  });
}

/** A value as the review shows it: JSON, cut at `max` characters. */
export function showValue(value: unknown, max = 300): string {
  if (value === undefined) return '(not set)';
  const text = typeof value === 'string' ? value : (canonicalJson(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
