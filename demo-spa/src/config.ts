import type { CreateLatchkeyOptions, ProviderConfig } from '@latchkey/web';

/** One provider the demo can sign in with, and the protected API it calls with its tokens. */
export interface DemoProvider {
  provider: ProviderConfig;
  apiUrl: string;
}

/** Written by `npm start` (and the tests) for the running dev IdP; served at `/demo-config.json`. */
export interface DemoConfig {
  provider: ProviderConfig;
  /** The dev IdP's protected demo API (`/api/me`). */
  apiUrl: string;
  /** A second provider the user may pick instead (`npm start`: an emulated seed platform). */
  second?: DemoProvider;
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

/** The providers of a config, the first one first. */
export function demoProviders(config: DemoConfig): DemoProvider[] {
  return [
    { provider: config.provider, apiUrl: config.apiUrl },
    ...(config.second ? [config.second] : []),
  ];
}

/**
 * The provider picked in the URL (`?provider=<id>`, so that a redirect sign-in comes back to it),
 * else the first.
 */
export function pickedProvider(providers: DemoProvider[]): DemoProvider {
  const id = new URLSearchParams(location.search).get('provider');
  return providers.find((p) => p.provider.id === id) ?? providers[0]!;
}
