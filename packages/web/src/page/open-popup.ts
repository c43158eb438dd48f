/**
 * The start of every sign-in or logout popup's name; the page loaded in it at the redirect URI
 * recognises itself by it.
 */
export const POPUP_NAME = 'latchkey-signin';

/**
 * Opens a sign-in or logout popup on `about:blank`. Must run synchronously inside the user's click
 * (browsers block `window.open` otherwise); the caller navigates it once the URL is known.
 *
 * Each call names its window apart (`latchkey-signin:<random>`): a window opened under a name that is
 * still open is reused instead, so a sign-in clicked while the last logout popup was closing would
 * land in that window and be closed with it.
 */
export function openPopup(): Window | null {
  const width = 500;
  const height = 650;
  const left = Math.round(screenX + (outerWidth - width) / 2);
  const top = Math.round(screenY + (outerHeight - height) / 2);
  return open(
    'about:blank',
    `${POPUP_NAME}:${Math.random().toString(36).slice(2)}`,
    `popup,width=${width},height=${height},left=${left},top=${top}`,
  );
}

/** Whether `name` is the name of a window {@link openPopup} opened. */
export function isPopupName(name: string): boolean {
  return name.startsWith(`${POPUP_NAME}:`);
}
