import { createClient } from '@latchkey/core';
import type { LatchkeyClient, LatchkeyEvent } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';
import { appendLog } from './event-log.js';
import { notifyProvider } from './notify.js';
import { loadProviders, type RegisteredProvider } from './provider-registry.js';

/** One client per merged provider list (a cache only: tokens and transactions are in IndexedDB). */
const clients = new WeakMap<readonly RegisteredProvider[], LatchkeyClient>();

function logCoreEvent(event: LatchkeyEvent): void {
  // However it came about (a site's getToken, the popup), a refresh drops the pages' cached token.
  if (event.type === 'token_refreshed') void notifyProvider(event.provider, 'tokenChanged');
  appendLog({
    at: event.at,
    type: event.type,
    provider: event.provider,
    ...(event.detail ? { detail: JSON.stringify(event.detail) } : {}),
  });
}

/** Core's client over the merged providers and the broker's storage. */
export async function brokerClient(): Promise<LatchkeyClient> {
  const registered = await loadProviders();
  let client = clients.get(registered);
  if (!client) {
    client = createClient({
      providers: registered.map((p) => p.config),
      storage: await brokerStorage(),
      onEvent: logCoreEvent,
    });
    clients.set(registered, client);
  }
  return client;
}
