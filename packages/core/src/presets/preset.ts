import { isSecureOrLoopback } from '../config/loopback.js';
import { LatchkeyError } from '../errors.js';
import type { ProviderConfig } from '../types.js';

/**
 * What every preset takes: the client registered with the provider and the per-app settings.
 * `id` defaults to the preset's name, `scopes` replace the preset's default scopes.
 */
export interface PresetOptions {
  clientId: string;
  redirectUri?: string;
  id?: string;
  name?: string;
  scopes?: string[];
  allowedOrigins?: string[];
  resourceOrigins?: string[];
}

/** A parameter a preset needs beyond {@link PresetOptions}, e.g. an Auth0 domain. */
export interface PresetParam {
  name: string;
  label: string;
  example: string;
  optional?: boolean;
}

/** What a preset is, for choosers and docs: plain data, no code. */
export interface PresetInfo {
  /** The name used in a providers file: `"preset": "roblox"`. */
  preset: string;
  /** The provider's display name. */
  name: string;
  params: readonly PresetParam[];
  /** What to register with the provider for a browser public client. */
  register: string;
  /** The provider's public documentation the preset follows. */
  docs: string;
  /**
   * `false` when the provider's documentation gives no way to use it as a pure public client from
   * the browser (no client secret); the preset's JSDoc says why.
   */
  publicClient: boolean;
}

/** A preset's provider data, before the per-app options are laid over it. */
export type PresetData = Omit<ProviderConfig, 'id' | 'clientId'>;

export const PRESET_OPTION_KEYS = [
  'clientId',
  'redirectUri',
  'id',
  'name',
  'scopes',
  'allowedOrigins',
  'resourceOrigins',
] as const satisfies readonly (keyof PresetOptions)[];

/** Lays the per-app options over a preset's data. The result is checked by `validateProviderConfig`. */
export function withOptions(preset: string, data: PresetData, o: PresetOptions): ProviderConfig {
  const config: ProviderConfig = { ...data, id: o.id ?? preset, clientId: o.clientId };
  for (const key of PRESET_OPTION_KEYS) {
    const value = o[key];
    if (key !== 'id' && key !== 'clientId' && value !== undefined) {
      (config as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return config;
}

export function presetInvalid(preset: string, param: string, message: string): LatchkeyError {
  return new LatchkeyError('config_invalid', `Preset ${preset}: ${param} ${message}`);
}

/**
 * A host name (with an optional port) as a preset parameter: `example.okta.com`, also accepted
 * written as `https://example.okta.com/`. Anything with a path, query, credentials or another
 * scheme is refused, so a parameter cannot move an endpoint somewhere else.
 */
export function hostParam(preset: string, param: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw presetInvalid(preset, param, 'is required (a host name like login.example.com)');
  }
  const written = value
    .trim()
    .replace(/^https:\/\//i, '')
    .replace(/\/$/, '');
  const url = URL.parse(`https://${written}`);
  if (!url || url.host !== written.toLowerCase() || !url.hostname.includes('.')) {
    throw presetInvalid(
      preset,
      param,
      `must be a host name like login.example.com: ${JSON.stringify(value)}`,
    );
  }
  return url.host;
}

/** An https URL (http on loopback) as a preset parameter, without query or fragment or trailing `/`. */
export function urlParam(preset: string, param: string, value: unknown): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw presetInvalid(preset, param, 'is required (an https URL)');
  }
  const url = URL.parse(value.trim().replace(/\/$/, ''));
  if (!url || !isSecureOrLoopback(url) || url.search || url.hash || url.username) {
    throw presetInvalid(
      preset,
      param,
      `must be an https URL without query or fragment: ${JSON.stringify(value)}`,
    );
  }
  return url;
}
