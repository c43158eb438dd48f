import { parseOrigin } from '@latchkey/core';
import type { BrokerEvent, LatchkeyStorage, ProviderConfig } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';
import { connectedOrigins, pushEvent } from './event-ports.js';
import { checkGrant } from './access/rules.js';
import { findProvider } from './provider-registry.js';

/**
 * Tells connected pages that a provider's session changed, but only pages of origins allowed to use
 * that provider: other sites learn nothing. A push is what drops the token a page keeps in memory
 * (`@latchkey/web`'s cached `getToken`), so every change of a session that pages may hold must come
 * through here (or {@link pagesUsing}); the answer to the call that made it waits for the push
 * ({@link notificationsSent}).
 */
export function notifyProvider(
  provider: string,
  event: Exclude<BrokerEvent['event'], 'grantRevoked'>,
): Promise<void> {
  const sent = send(provider, event);
  inFlight.add(sent);
  void sent.finally(() => inFlight.delete(sent));
  return sent;
}

/** Notifications started and not yet pushed. */
const inFlight = new Set<Promise<void>>();

/**
 * Resolves once every notification started so far was pushed. The dispatcher waits for it before it
 * answers any call, so a change that call made (a refresh, a sign-out) has been pushed to the pages
 * before the caller hears the answer.
 */
export async function notificationsSent(): Promise<void> {
  if (inFlight.size) await Promise.all(inFlight);
}

async function send(
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

/**
 * For a provider id whose session or grants are about to be dropped without a sign-out (the id now
 * names another server or client, or nothing): the connected origins that may hold its token now
 * (a stored allowed grant, or named in the provider's `allowedOrigins` as it was), found before the
 * drop, and a function that pushes `event` to them, to call once the drop is done.
 */
export async function pagesUsing(
  provider: string,
  before: ProviderConfig | undefined,
  storage: Pick<LatchkeyStorage, 'getGrant'>,
): Promise<(event: BrokerEvent['event']) => void> {
  const named = new Set((before?.allowedOrigins ?? []).map(parseOrigin));
  const origins: string[] = [];
  try {
    for (const origin of connectedOrigins()) {
      const grant = await storage.getGrant(origin, provider);
      if (named.has(origin) || grant?.decision === 'allowed') origins.push(origin);
    }
  } catch (error) {
    console.warn('latchkey: could not find the pages to notify', error);
  }
  return (event) => pushEvent(origins, event, provider);
}
