/** The longest logo URI shown (a data: URL carries the image itself). */
export const MAX_LOGO_URI_LENGTH = 64 * 1024;

const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * A provider's `logoUri` if the pages may show it, else `undefined`. Only an `https:` URL (without
 * credentials) or a base64 `data:` URL of a PNG, JPEG, GIF or WebP image: never `data:image/svg+xml`
 * (SVG is a document that can carry script and links), `javascript:`, `http:` or anything else. The
 * broker validates configs too; the pages check again, as they render what they are given.
 */
export function safeLogoUri(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_LOGO_URI_LENGTH) {
    return undefined;
  }
  if (uri.startsWith('data:')) return DATA_IMAGE.test(uri) ? uri : undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
