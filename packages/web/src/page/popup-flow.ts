import { LatchkeyError } from '@latchkey/core';
import { isPopupName } from './open-popup.js';

// Opening the popup is apart, so that page mode's thin entry can open it in the click before it
// loads the rest.
export { openPopup } from './open-popup.js';

/** How long a closed popup may still deliver its result (it posts, then closes itself). */
const CLOSED_GRACE_MS = 1000;

interface CallbackMessage {
  latchkey: 1;
  type: 'callback';
  url: string;
}

/**
 * The callback URL in a message from the popup, or `undefined` unless it has the expected shape, is a
 * URL on `origin` and carries `state` (untrusted input: CONTRIBUTING.md, "Errors").
 */
export function readCallbackMessage(
  data: unknown,
  origin: string,
  state: string,
): string | undefined {
  const d = data as Partial<CallbackMessage> | null;
  if (typeof d !== 'object' || d === null || d.latchkey !== 1 || d.type !== 'callback')
    return undefined;
  if (typeof d.url !== 'string' || d.url.length > 16_384) return undefined;
  try {
    const url = new URL(d.url);
    return url.origin === origin && url.searchParams.get('state') === state ? d.url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * In the popup, at the redirect URI: hands the callback URL to the opener, with this origin as the
 * exact target origin. Returns false when this window is not a sign-in popup with a live opener
 * (e.g. a COOP page on the way severed it), in which case the caller completes the flow itself.
 */
export function postCallbackToOpener(href: string): boolean {
  const opener = window.opener as Window | null;
  if (!isPopupName(window.name) || !opener || opener.closed) return false;
  opener.postMessage(
    { latchkey: 1, type: 'callback', url: href } satisfies CallbackMessage,
    location.origin,
  );
  return true;
}

/**
 * Waits for the popup's callback URL: only a message from this origin, from that very window, with
 * the flow's `state` counts; anything else is ignored. Rejects with `user_cancelled` when the popup is
 * closed without a result, and with `timeout` after `timeout` ms.
 */
export function waitForPopupCallback(
  popup: Window,
  state: string,
  timeout: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void): void => {
      removeEventListener('message', onMessage);
      clearInterval(poll);
      clearTimeout(timer);
      settle();
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== location.origin || event.source !== popup) return;
      const url = readCallbackMessage(event.data, location.origin, state);
      if (url) finish(() => resolve(url));
    };
    let closedAt = 0;
    // `popup.closed` is also true once a Cross-Origin-Opener-Policy page severed the popup; the popup
    // then completes the flow itself and the other tabs (this one included) hear of it as `tokenChanged`.
    const poll = setInterval(() => {
      if (!popup.closed) return;
      closedAt ||= Date.now();
      if (Date.now() - closedAt >= CLOSED_GRACE_MS) {
        finish(() => reject(new LatchkeyError('user_cancelled', 'The sign-in window was closed')));
      }
    }, 200);
    const timer = setTimeout(() => {
      finish(() =>
        reject(new LatchkeyError('timeout', `Sign-in did not complete within ${timeout} ms`)),
      );
      if (!popup.closed) popup.close();
    }, timeout);
    addEventListener('message', onMessage);
  });
}
