/** The name of the sign-in popup; the page loaded in it at the redirect URI recognises itself by it. */
export const POPUP_NAME = 'latchkey-signin';

/**
 * Opens the sign-in popup on `about:blank`. Must run synchronously inside the user's click (browsers
 * block `window.open` otherwise); the caller navigates it once the authorization URL is known.
 */
export function openPopup(): Window | null {
  const width = 500;
  const height = 650;
  const left = Math.round(screenX + (outerWidth - width) / 2);
  const top = Math.round(screenY + (outerHeight - height) / 2);
  return open(
    'about:blank',
    POPUP_NAME,
    `popup,width=${width},height=${height},left=${left},top=${top}`,
  );
}
