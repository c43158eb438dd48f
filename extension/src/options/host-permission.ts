/**
 * Asks for the host permission a new site needs (the content-script bridge). It must run in the
 * page, within the click that asked for it: the service worker has no user gesture.
 */
import { browser } from '../platform/index.js';
export async function ensureHostPermission(origin: string): Promise<boolean> {
  const permissions = { origins: [`${origin}/*`] };
  if (await browser.permissions.contains(permissions)) return true;
  return browser.permissions.request(permissions);
}
