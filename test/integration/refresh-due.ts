import type { Stack } from './support.js';

/**
 * Waits until the stored access token of `provider` is due for a refresh under `minValidity`
 * seconds: past `expiresAt` less the margin, which never exceeds half the token's lifetime.
 */
export async function untilRefreshDue(stack: Stack, minValidity = 30, provider = 'dev') {
  const record = (await stack.storage.getTokens(provider))!;
  const margin = Math.min(minValidity * 1000, (record.lifetime ?? Infinity) / 2);
  const wait = record.expiresAt! - margin - Date.now() + 20;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
