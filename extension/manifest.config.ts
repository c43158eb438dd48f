import { defineManifest } from '@crxjs/vite-plugin';
import type { ProviderConfig } from '@latchkey/core';
import { LOOPBACK_MATCHES, connectableMatches } from './build/connectable.js';
import { EXTENSION_PUBLIC_KEY } from './build/extension-key.js';

/**
 * The MV3 manifest. `externally_connectable` is generated from loopback plus the preset providers'
 * `allowedOrigins`; other sites get the content-script bridge through optional host permissions.
 */
export function latchkeyManifest(presets: readonly ProviderConfig[], version: string) {
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
    // Loopback pages get the bridge without a prompt (local development); other sites ask first.
    host_permissions: LOOPBACK_MATCHES,
    optional_host_permissions: ['https://*/*'],
    externally_connectable: { matches: connectableMatches(presets) },
    storage: { managed_schema: 'managed-schema.json' },
  });
}
