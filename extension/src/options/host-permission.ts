/**
 * Asks for the host permission a new site needs (the content-script bridge). It must run in the
 * page, within the click that asked for it: the service worker has no user gesture.
 */
export async function ensureHostPermission(origin: string): Promise<boolean> {
  const permissions = { origins: [`${origin}/*`] };
  if (await chrome.permissions.contains(permissions)) return true;
  return chrome.permissions.request(permissions);
}
