import type { BrokerEvent } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';
import { connectedOrigins, pushEvent } from './event-ports.js';
import { checkGrant } from './access/rules.js';
import { findProvider } from './provider-registry.js';

/**
 * Tells connected pages that a provider's session changed, but only pages of origins allowed to use
 * that provider: other sites learn nothing.
 */
export async function notifyProvider(
  provider: string,
  event: Exclude<BrokerEvent['event'], 'grantRevoked'>,
): Promise<void> {
  try {
    const p = await findProvider(provider);
    const storage = await brokerStorage();
    const allowed: string[] = [];
    for (const origin of connectedOrigins()) {
      const grant = await storage.getGrant(origin, provider);
      if (checkGrant(grant, p, origin, []).kind === 'allowed') allowed.push(origin);
    }
    pushEvent(allowed, event, provider);
  } catch (error) {
    console.warn('latchkey: could not notify pages', error);
  }
}

/** Tells one origin's pages that their grant for `provider` is gone. */
export function notifyGrantRevoked(origin: string, provider: string): void {
  pushEvent([origin], 'grantRevoked', provider);
}
