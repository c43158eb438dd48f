import { originMatchPattern, parseOrigin } from '@latchkey/core';
import type { ProviderConfig } from '@latchkey/core';

/** Loopback is connectable by default: local development needs no configuration. */
export const LOOPBACK_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * The loopback patterns to make connectable: `LATCHKEY_LOOPBACK_CONNECTABLE` (comma-separated,
 * loopback patterns only, may be empty) overrides the default; the e2e build uses it to keep
 * `localhost` out so that a local page exercises the content-script bridge.
 */
export function loopbackMatches(env = process.env.LATCHKEY_LOOPBACK_CONNECTABLE): string[] {
  if (env === undefined) return LOOPBACK_MATCHES;
  const list = env
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pattern of list) {
    if (!LOOPBACK_MATCHES.includes(pattern)) {
      throw new Error(
        `LATCHKEY_LOOPBACK_CONNECTABLE: ${pattern} is not one of ${LOOPBACK_MATCHES.join(', ')}`,
      );
    }
  }
  return list;
}

/**
 * `externally_connectable.matches`: loopback plus every preset provider's `allowedOrigins`.
 * Sites added later get the content-script bridge instead (optional host permissions).
 * @see https://developer.chrome.com/docs/extensions/reference/manifest/externally-connectable
 */
export function connectableMatches(providers: readonly ProviderConfig[]): string[] {
  const matches = new Set(loopbackMatches());
  for (const provider of providers) {
    for (const value of provider.allowedOrigins ?? []) {
      // The one origin rule of core (`parseOrigin`), which validation applies too.
      const origin = parseOrigin(value);
      if (!origin)
        throw new Error(
          `provider ${provider.id}: allowedOrigins has ${value}, not an origin (https, or http on loopback only; no path)`,
        );
      matches.add(originMatchPattern(origin));
    }
  }
  return [...matches];
}
