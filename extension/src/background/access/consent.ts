import { LatchkeyError } from '@latchkey/core';
import type { AccountInfo, LatchkeyStorage, ProviderConfig } from '@latchkey/core';
import {
  focusPersonWindow,
  personAnswered,
  personWindowClosed,
  waitForPerson,
} from '../person-window.js';
import {
  deleteConsentRequest,
  getConsentRequest,
  putConsentRequest,
  type ConsentRequest,
} from '../session-store.js';
import { grantFromAnswer } from './rules.js';

/** How long a consent window waits for the person. */
export const CONSENT_TIMEOUT_MS = 5 * 60_000;

const waiterKey = (id: string): string => `consent:${id}`;

/**
 * The consent asked right now, by origin and provider: a later call for the same pair joins it
 * instead of opening another window (three `signIn` calls → one window). Dies with the worker, as
 * the waiters do.
 */
const pending = new Map<string, { promise: Promise<boolean>; request: ConsentRequest }>();
const pendingKey = (origin: string, provider: string, kind: string) =>
  `${kind}\n${origin}\n${provider}`;

/** What to ask: a site's access to a provider, or replacing the session's account. */
export type ConsentQuestion =
  | { kind: 'access'; origin: string; provider: ProviderConfig; scopes: string[] }
  | {
      kind: 'account';
      origin: string;
      provider: ProviderConfig;
      scopes: string[];
      accountChange: { from: AccountInfo; to: AccountInfo };
    };

/**
 * Opens the consent window (`src/consent/index.html`) naming the site, the provider and the scopes
 * (or the account change), and waits for "Allow" or "Deny". An access answer is stored as a grant
 * before this resolves; closing the window rejects with `user_cancelled`, no answer in time with
 * `timeout`. A question already pending for the same origin and provider is joined, its window
 * focused.
 */
export function askConsent(question: ConsentQuestion): Promise<boolean> {
  const key = pendingKey(question.origin, question.provider.id, question.kind);
  const joined = pending.get(key);
  if (joined) {
    focusPersonWindow(joined.request.windowId);
    return joined.promise;
  }
  const request: ConsentRequest = {
    id: crypto.randomUUID(),
    origin: question.origin,
    provider: question.provider.id,
    ...(question.provider.name ? { providerName: question.provider.name } : {}),
    scopes: question.scopes,
    createdAt: Date.now(),
    ...(question.kind === 'account'
      ? { kind: 'account' as const, accountChange: question.accountChange }
      : {}),
  };
  const promise = (async () => {
    await putConsentRequest(request);
    try {
      return await waitForPerson<boolean>({
        key: waiterKey(request.id),
        url: chrome.runtime.getURL(`src/consent/index.html?id=${encodeURIComponent(request.id)}`),
        width: 440,
        height: 520,
        timeoutMs: CONSENT_TIMEOUT_MS,
        what: 'Consent',
        opened: async (windowId) => {
          request.windowId = windowId;
          await putConsentRequest(request);
        },
      });
    } finally {
      pending.delete(key);
      await deleteConsentRequest(request.id);
    }
  })();
  pending.set(key, { promise, request });
  return promise;
}

/**
 * Records the person's answer from the consent page (internal protocol `answerConsent`): an access
 * answer becomes the origin's grant (stored before anyone is told, so it survives a stopped worker).
 */
export async function answerConsent(
  storage: LatchkeyStorage,
  id: string,
  allow: boolean,
): Promise<void> {
  const request = await getConsentRequest(id);
  if (!request) throw new LatchkeyError('invalid_request', 'This consent request has expired');
  if (request.kind !== 'account') {
    await storage.putGrant(
      grantFromAnswer(request.origin, request.provider, request.scopes, allow, Date.now()),
    );
  }
  await deleteConsentRequest(id);
  if (!personAnswered(waiterKey(id), allow) && request.windowId !== undefined) {
    // Nobody waits (the worker was stopped meanwhile): the window is of no use any more.
    await chrome.windows.remove(request.windowId).catch(() => undefined);
  }
}

/** A consent window closed without an answer: its caller gets `user_cancelled`. */
export function consentWindowClosed(request: ConsentRequest): void {
  void deleteConsentRequest(request.id).catch(() => undefined);
  personWindowClosed(waiterKey(request.id), 'consent');
}
