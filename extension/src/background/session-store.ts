/**
 * Pending interactive work (consent requests, popup-window flows) in `chrome.storage.session`: it
 * survives a stopped service worker (not a browser restart, and these expire in minutes anyway).
 */
import type { AccountInfo } from '@latchkey/core';
import { browser } from '../platform/index.js';

export interface ConsentRequest {
  id: string;
  /** `access` when absent (see `ConsentRequestView` in the internal protocol). */
  kind?: 'access' | 'account';
  accountChange?: { from: AccountInfo; to: AccountInfo };
  origin: string;
  provider: string;
  providerName?: string;
  scopes: string[];
  createdAt: number;
  windowId?: number;
}

export interface PendingFlow {
  /** `login` when absent; `logout`: an RP-initiated logout, whose redirect carries no code. */
  kind?: 'login' | 'logout';
  state: string;
  provider: string;
  redirectUri: string;
  windowId?: number;
  createdAt: number;
}

const CONSENT = 'consent:';
const FLOW = 'flow:';

export async function putConsentRequest(request: ConsentRequest): Promise<void> {
  await browser.storage.session.set({ [CONSENT + request.id]: request });
}

export async function getConsentRequest(id: string): Promise<ConsentRequest | undefined> {
  const key = CONSENT + id;
  return (await browser.storage.session.get(key))[key] as ConsentRequest | undefined;
}

export async function deleteConsentRequest(id: string): Promise<void> {
  await browser.storage.session.remove(CONSENT + id);
}

export async function putFlow(flow: PendingFlow): Promise<void> {
  await browser.storage.session.set({ [FLOW + flow.state]: flow });
}

export async function deleteFlow(state: string): Promise<void> {
  await browser.storage.session.remove(FLOW + state);
}

/** All pending flows and consent requests, for the window and navigation listeners. */
export async function listPending(): Promise<{ flows: PendingFlow[]; consents: ConsentRequest[] }> {
  const all = await browser.storage.session.get(null);
  const flows: PendingFlow[] = [];
  const consents: ConsentRequest[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith(FLOW)) flows.push(value as PendingFlow);
    else if (key.startsWith(CONSENT)) consents.push(value as ConsentRequest);
  }
  return { flows, consents };
}
