/**
 * Keeps the service worker alive while it waits for a person (consent, login window): an extension
 * API call every 20 s resets Chrome's 30 s idle timer. Returns the function that stops it.
 * @see https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
import { browser } from '../platform/index.js';
export function keepAlive(): () => void {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo(), 20_000);
  return () => clearInterval(timer);
}
