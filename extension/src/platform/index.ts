/**
 * What differs between Chromium and Firefox, in one place. The code is one bundle for both browsers
 * (extension/build/firefox.ts writes the Firefox manifest); this module tells them apart at run time.
 *
 * - Redirect URI: `identity.getRedirectURL()` is `https://<id>.chromiumapp.org/` in Chromium and
 *   `https://<sha1 of the gecko id>.extensions.allizom.org/` in Firefox; both browsers'
 *   `launchWebAuthFlow` catch it without a network request.
 * - Pages reach the broker through `externally_connectable` in Chromium only; in Firefox every allowed
 *   site, pre-granted ones included, goes through the content-script bridge (declared in the Firefox
 *   manifest for the pre-granted sites, registered at run time for sites added later).
 * - Firefox's `launchWebAuthFlow` first fetches the authorize URL in the background: an IdP sees two
 *   authorization requests per interactive sign-in, and a session at the IdP signs in with no window.
 * - The background is a service worker in Chromium and an event page in Firefox; both stop when idle
 *   and both have `storage.session`. Keep-alive differs: Chromium counts any extension API call
 *   (`keep-alive.ts` pings), Firefox only events reaching the background and a pending
 *   `launchWebAuthFlow` (its source, ext-backgroundPage.js / ext-identity.js), so in Firefox a consent
 *   window waiting longer than the idle time (30 s by default) ends the page's call, as a stopped
 *   worker does in Chromium; the answer is kept and the retry needs no consent.
 * @see https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/identity/getRedirectURL
 * @see https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Chrome_incompatibilities
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';

export { browser };

/** A message's sender: Chromium sets `origin`, Firefox does not (the broker then reads `url`). */
export type MessageSender = Runtime.MessageSender & { origin?: string };

/** The browser this extension runs in. */
export type BrowserKind = 'chromium' | 'firefox';

/** Firefox's extension pages are `moz-extension://`, Chromium's `chrome-extension://`. */
export function browserKind(baseUrl: string = browser.runtime.getURL('')): BrowserKind {
  return baseUrl.startsWith('moz-extension:') ? 'firefox' : 'chromium';
}

/** The redirect URI `launchWebAuthFlow` catches in this browser, or undefined where it has none. */
export function identityRedirectUri(): string | undefined {
  return typeof browser.identity?.getRedirectURL === 'function'
    ? browser.identity.getRedirectURL()
    : undefined;
}

/**
 * Opens the options page on a first install in Firefox: there a person may have to grant the host
 * permissions of an MV3 add-on before the bridge runs, and that is where they do it.
 */
export function openOptionsOnInstall(reason: string): boolean {
  return reason === 'install' && browserKind() === 'firefox';
}
