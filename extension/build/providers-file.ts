import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProviderConfig } from '@latchkey/core';

/**
 * Reads the providers baked in at build time (`LATCHKEY_PROVIDERS=/path/providers.json`): a JSON
 * array of provider configs, or `{ "providers": [...] }`. An entry may name a preset with its
 * parameters (`{ "preset": "roblox", "clientId": "…" }`), expanded by core's `expandPreset` first.
 * Each is checked with core's `validateProviderConfig`; the build fails with the provider and field
 * at fault.
 *
 * A relative path is taken from the directory the command was typed in: npm runs a workspace's
 * script in the workspace's directory but keeps the caller's in `INIT_CWD`, so
 * `LATCHKEY_PROVIDERS=./providers.json npm run build -w @latchkey/extension` from the repository root
 * reads the root's `providers.json`.
 */
export async function readPresetProviders(
  path = process.env.LATCHKEY_PROVIDERS,
  baseDir = process.env.INIT_CWD || process.cwd(),
): Promise<ProviderConfig[]> {
  if (!path) return [];
  const file = resolve(baseDir, path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new Error(`LATCHKEY_PROVIDERS: cannot read ${file} as JSON`, { cause });
  }
  const list =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as { providers?: unknown }).providers
      : json;
  if (!Array.isArray(list)) {
    throw new Error(`LATCHKEY_PROVIDERS: ${file} must hold an array of provider configs`);
  }
  const { validateProviderConfig } = await import('@latchkey/core');
  const { expandPreset } = await import('@latchkey/core/presets');
  const ids = new Set<string>();
  return list.map((config, i) => {
    let valid: ProviderConfig;
    try {
      valid = validateProviderConfig(expandPreset(config));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`LATCHKEY_PROVIDERS: provider #${i} in ${file}: ${message}`);
    }
    if (ids.has(valid.id)) throw new Error(`LATCHKEY_PROVIDERS: duplicate provider id ${valid.id}`);
    ids.add(valid.id);
    return valid;
  });
}
