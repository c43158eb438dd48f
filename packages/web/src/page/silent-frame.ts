import { LatchkeyError } from '@latchkey/core';
import { readCallbackMessage } from './popup-flow.js';

/** The name of the hidden frame of a silent re-authentication; the page loaded in it recognises itself by it. */
export const SILENT_FRAME_NAME = 'latchkey-silent';

/** Labels of IPv4 and IPv6 literals, which are their own site. */
const IP = /^(\d+\.){3}\d+$|^\[.*\]$/;

/**
 * Whether `url` is same-site with `origin` (same scheme and registrable domain), so that a frame of
 * `origin` loading `url` is sent the provider's session cookie (SameSite=Lax and third-party cookie
 * blocking both spare same-site frames). Without the public suffix list this compares the last two
 * labels of a domain name, and whole hosts for IP addresses and single-label names (`localhost`):
 * a wrong "same-site" only costs the frame's prompt answer, bounded by its timeout.
 * @see https://html.spec.whatwg.org/multipage/browsers.html#same-site
 */
export function isSameSite(url: string, origin: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(url);
    b = new URL(origin);
  } catch {
    return false;
  }
  if (a.protocol !== b.protocol) return false;
  if (a.hostname === b.hostname) return true;
  if (IP.test(a.hostname) || IP.test(b.hostname)) return false;
  const site = (host: string) => host.split('.').slice(-2).join('.');
  return !!a.hostname.includes('.') && site(a.hostname) === site(b.hostname);
}

/**
 * In the hidden frame, at the redirect URI: hands the callback URL to the parent (same origin only).
 * Returns false when this window is not a silent re-authentication frame.
 */
export function postCallbackToParent(href: string): boolean {
  if (window.name !== SILENT_FRAME_NAME || window.parent === window) return false;
  window.parent.postMessage({ latchkey: 1, type: 'callback', url: href }, location.origin);
  return true;
}

/**
 * Loads `url` (an authorization request with `prompt=none`) in a hidden frame and resolves to the
 * callback URL it comes back to with `state`: posted by the page there (`handleRedirectCallback`),
 * or read from the frame's location once it is back on this origin. The frame is removed whatever
 * happens; after `timeout` ms it rejects with `login_required` (the provider did not answer
 * without the user: sign in interactively).
 * @see OpenID Connect Core 1.0 §3.1.2.1 (`prompt=none`)
 */
export function runSilentFrame(url: string, state: string, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.name = SILENT_FRAME_NAME;
    frame.hidden = true;
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    const finish = (settle: () => void): void => {
      removeEventListener('message', onMessage);
      clearTimeout(timer);
      frame.remove();
      settle();
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
      const callback = readCallbackMessage(event.data, location.origin, state);
      if (callback) finish(() => resolve(callback));
    };
    const onLoad = (): void => {
      let href: string | undefined;
      try {
        // Readable only once the frame is back on this origin.
        href = frame.contentWindow?.location.href;
      } catch {
        return;
      }
      const callback =
        href &&
        readCallbackMessage({ latchkey: 1, type: 'callback', url: href }, location.origin, state);
      if (callback) finish(() => resolve(callback));
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new LatchkeyError(
              'login_required',
              `Silent re-authentication got no answer within ${timeout} ms: sign in again`,
            ),
          ),
        ),
      timeout,
    );
    addEventListener('message', onMessage);
    frame.addEventListener('load', onLoad);
    frame.src = url;
    document.body.append(frame);
  });
}
