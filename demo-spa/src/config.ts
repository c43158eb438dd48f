import type { CreateLatchkeyOptions, ProviderConfig } from '@latchkey/web';

/** Written by `npm start` (and the tests) for the running dev IdP; served at `/demo-config.json`. */
export interface DemoConfig {
  provider: ProviderConfig;
  /** The dev IdP's protected demo API (`/api/me`). */
  apiUrl: string;
  /** The Latchkey extension's id, for direct messaging in extension mode. */
  extensionId?: string;
  mode?: CreateLatchkeyOptions['mode'];
}

/** Loads the demo's config; `?mode=page|extension|auto` in the URL overrides the mode. */
export async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo-config.json', { cache: 'no-store' });
  if (!response.ok)
    throw new Error(`/demo-config.json: HTTP ${response.status} (is npm start running?)`);
  const config = (await response.json()) as DemoConfig;
  const mode = new URLSearchParams(location.search).get('mode');
  if (mode === 'page' || mode === 'extension' || mode === 'auto') config.mode = mode;
  return config;
}
