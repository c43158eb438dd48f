import { createClient } from '@latchkey/core';
import type { LatchkeyClient, LatchkeyEvent } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';
import { appendLog } from './event-log.js';
import { loadProviders } from './provider-registry.js';

let cached: { key: string; client: LatchkeyClient } | undefined;

function logCoreEvent(event: LatchkeyEvent): void {
  void appendLog({
    at: event.at,
    type: event.type,
    provider: event.provider,
    ...(event.detail ? { detail: JSON.stringify(event.detail) } : {}),
  });
}

/**
 * Core's client over the merged providers and IndexedDB. Cached per provider list: a cache only,
 * the tokens and transactions are in IndexedDB.
 */
export async function brokerClient(): Promise<LatchkeyClient> {
  const providers = (await loadProviders()).map((p) => p.config);
  const key = JSON.stringify(providers);
  if (cached?.key === key) return cached.client;
  const storage = await brokerStorage();
  const client = createClient({ providers, storage, onEvent: logCoreEvent });
  cached = { key, client };
  return client;
}
