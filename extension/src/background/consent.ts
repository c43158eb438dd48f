import { LatchkeyError } from '@latchkey/core';
import type { ProviderConfig } from '@latchkey/core';
import { brokerStorage } from './broker-storage.js';
import { grantFromAnswer } from './grants.js';
import { keepAlive } from './keep-alive.js';
import {
  deleteConsentRequest,
  getConsentRequest,
  putConsentRequest,
  type ConsentRequest,
} from './session-store.js';
import { settle, waitFor } from './waiters.js';

/** How long a consent window waits for the person. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;

const waiterKey = (id: string): string => `consent:${id}`;

/**
 * Opens the consent window (`src/consent/index.html`) naming the site, the provider and the scopes,
 * and waits for "Allow" or "Deny". The answer is stored as a grant before this resolves; closing the
 * window rejects with `user_cancelled`, no answer in time with `timeout`.
 */
export async function askConsent(
  origin: string,
  provider: ProviderConfig,
  scopes: string[],
): Promise<boolean> {
  const request: ConsentRequest = {
    id: crypto.randomUUID(),
    origin,
    provider: provider.id,
    ...(provider.name ? { providerName: provider.name } : {}),
    scopes,
    createdAt: Date.now(),
  };
  await putConsentRequest(request);
  const answer = waitFor<boolean>(waiterKey(request.id), CONSENT_TIMEOUT_MS, 'Consent');
  // Awaited below; when the window never opened, it is ended in `catch` with nobody awaiting it.
  answer.catch(() => undefined);
  const stop = keepAlive();
  try {
    const win = await chrome.windows.create({
      url: chrome.runtime.getURL(`src/consent/index.html?id=${encodeURIComponent(request.id)}`),
      type: 'popup',
      width: 440,
      height: 520,
      focused: true,
    });
    if (win?.id !== undefined) await putConsentRequest({ ...request, windowId: win.id });
    return await answer;
  } catch (error) {
    settle(waiterKey(request.id), { error: new LatchkeyError('aborted', 'Consent aborted') });
    throw error;
  } finally {
    stop();
    await deleteConsentRequest(request.id);
  }
}

/** Records the person's answer from the consent page (internal protocol `answerConsent`). */
export async function answerConsent(id: string, allow: boolean): Promise<void> {
  const request = await getConsentRequest(id);
  if (!request) throw new LatchkeyError('invalid_request', 'This consent request has expired');
  const storage = await brokerStorage();
  await storage.putGrant(
    grantFromAnswer(request.origin, request.provider, request.scopes, allow, Date.now()),
  );
  await deleteConsentRequest(id);
  settle(waiterKey(id), { value: allow });
}

/** A consent window closed without an answer: its caller gets `user_cancelled`. */
export function consentWindowClosed(request: ConsentRequest): void {
  void deleteConsentRequest(request.id);
  settle(waiterKey(request.id), {
    error: new LatchkeyError('user_cancelled', 'The consent window was closed'),
  });
}
