import { defineManifest } from '@crxjs/vite-plugin';
import type { ProviderConfig } from '@latchkey/core';
import { LOOPBACK_MATCHES, connectableMatches } from './build/connectable.js';
import { EXTENSION_PUBLIC_KEY } from './build/extension-key.js';

/**
 * Whether loopback pages (`http://127.0.0.1`, `http://localhost`) may reach the broker: a development
 * build (`--mode development`), or an explicit `LATCHKEY_LOOPBACK=1` (or `LATCHKEY_LOOPBACK_CONNECTABLE`,
 * which names the loopback patterns). Off in a release build: any local process could otherwise
 * serve a page that asks the user for their tokens.
 */
export function loopbackEnabled(mode: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    mode === 'development' ||
    env.LATCHKEY_LOOPBACK === '1' ||
    env.LATCHKEY_LOOPBACK_CONNECTABLE !== undefined
  );
}

/**
 * The MV3 manifest. `externally_connectable` is generated from the preset providers'
 * `allowedOrigins`, plus loopback when {@link loopbackEnabled}; other sites get the content-script
 * bridge through optional host permissions.
 */
export function latchkeyManifest(
  presets: readonly ProviderConfig[],
  version: string,
  { loopback }: { loopback: boolean },
) {
  const isLoopback = (pattern: string) =>
    LOOPBACK_MATCHES.some((m) => m === pattern || pattern.startsWith(m.replace(/\/\*$/, ':')));
  const connectable = connectableMatches(presets).filter((m) => loopback || !isLoopback(m));
  return defineManifest({
    manifest_version: 3,
    name: 'Latchkey',
    description: 'OAuth 2.0 / OpenID Connect token broker for web pages and developers',
    version,
    // Drop or replace for store publishing: extension/README.md "Extension id and key".
    key: EXTENSION_PUBLIC_KEY,
    minimum_chrome_version: '116',
    background: { service_worker: 'src/background/index.ts', type: 'module' },
    action: { default_popup: 'src/popup/index.html', default_title: 'Latchkey' },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    devtools_page: 'src/devtools/index.html',
    permissions: ['identity', 'storage', 'unlimitedStorage', 'scripting', 'webNavigation', 'tabs'],
    // Loopback pages get the bridge without a prompt (local development builds); other sites ask first.
    ...(loopback ? { host_permissions: LOOPBACK_MATCHES } : {}),
    optional_host_permissions: ['https://*/*'],
    ...(connectable.length ? { externally_connectable: { matches: connectable } } : {}),
    storage: { managed_schema: 'managed-schema.json' },
  });
}
