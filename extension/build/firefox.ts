import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/**
 * The Firefox add-on id (`browser_specific_settings.gecko.id`). It fixes the `moz-extension://` storage
 * of an installed add-on and the redirect URI `identity.getRedirectURL()` answers,
 * `https://<sha1 hex of the id>.extensions.allizom.org/`. `LATCHKEY_GECKO_ID` overrides it for a fork.
 * @see https://extensionworkshop.com/documentation/develop/extensions-and-the-add-on-id/
 */
export const GECKO_ID = process.env.LATCHKEY_GECKO_ID ?? 'latchkey@latchkey.dev';

/**
 * Firefox 140 (ESR) is the first that accepts `data_collection_permissions`, which AMO asks of new
 * add-ons; it also has `storage.session`, `scripting` and MV3 event pages.
 */
export const FIREFOX_MIN_VERSION = '140.0';

/** Firefox for Android: the first that knows `data_collection_permissions`. */
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

/** The bridge content script as the build writes it (the broker registers the same file). */
export const BRIDGE_SCRIPT = 'src/content/bridge.iife.js';

/** The subset of the built Chromium manifest that the Firefox conversion reads or changes. */
export interface BuiltManifest {
  background?: { service_worker?: string; type?: string; scripts?: string[] };
  key?: string;
  minimum_chrome_version?: string;
  externally_connectable?: { matches?: string[] };
  host_permissions?: string[];
  content_scripts?: unknown[];
  storage?: unknown;
  browser_specific_settings?: unknown;
  [field: string]: unknown;
}

/**
 * The Firefox manifest made from the built Chromium one, so that both come from one source
 * (`manifest.config.ts`). What differs:
 * - the background is an event page (`background.scripts`, the same module), not a service worker;
 * - `externally_connectable` does not exist in Firefox: every site it names (loopback in a loopback
 *   build, presets' `allowedOrigins`) reaches the broker through the content-script bridge instead,
 *   declared here as a content script with those sites as host permissions; sites added in the options
 *   page are registered at run time as in Chromium;
 * - `key` and `minimum_chrome_version` are Chromium's; `storage.managed_schema` is too (Firefox reads
 *   managed storage from enterprise policies without a schema);
 * - `browser_specific_settings.gecko`: the id, the minimum version and `data_collection_permissions`
 *   (Latchkey collects nothing).
 * @see https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json/background
 * @see https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json/browser_specific_settings
 */
export function firefoxManifest(built: BuiltManifest, geckoId = GECKO_ID): BuiltManifest {
  const {
    key: _key,
    minimum_chrome_version: _minimum,
    externally_connectable,
    storage: _storage,
    ...rest
  } = built;
  const worker = built.background?.service_worker;
  if (!worker) throw new Error('the built manifest has no background.service_worker');
  const connectable = externally_connectable?.matches ?? [];
  const manifest: BuiltManifest = {
    ...rest,
    background: { scripts: [worker], type: built.background?.type ?? 'module' },
    browser_specific_settings: {
      gecko: {
        id: geckoId,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android knows data_collection_permissions from 142 on.
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    },
  };
  if (connectable.length) {
    manifest.host_permissions = [...new Set([...(built.host_permissions ?? []), ...connectable])];
    manifest.content_scripts = [
      ...(built.content_scripts ?? []),
      {
        matches: connectable,
        js: [BRIDGE_SCRIPT],
        all_frames: true,
        run_at: 'document_start',
      },
    ];
  }
  return manifest;
}

/** The Firefox output beside a Chromium one: `dist` → `dist-firefox`. */
export function firefoxOutDir(outDir: string): string {
  return process.env.LATCHKEY_FIREFOX_OUT_DIR ?? `${outDir.replace(/\/+$/, '')}-firefox`;
}

/**
 * Copies the finished Chromium build to {@link firefoxOutDir} and writes the Firefox manifest there:
 * the code is the same bundle (the platform module tells the browsers apart at run time).
 */
export async function writeFirefoxBuild(outDir: string): Promise<string> {
  const from = resolve(outDir);
  const to = resolve(firefoxOutDir(outDir));
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
  const built = JSON.parse(await readFile(resolve(from, 'manifest.json'), 'utf8')) as BuiltManifest;
  await rm(resolve(to, 'managed-schema.json'), { force: true });
  await writeFile(
    resolve(to, 'manifest.json'),
    `${JSON.stringify(firefoxManifest(built), null, 2)}\n`,
  );
  return to;
}
