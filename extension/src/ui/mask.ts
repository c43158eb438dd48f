/** What a masked token looks like in the UI: never enough characters to be usable. */
export const MASK = '••••••••';

/**
 * Masks a token for display: a short prefix and suffix when the token is long enough that they
 * reveal little (at most a fifth of it), otherwise nothing but the mask.
 */
export function maskToken(token: string, visible = 4): string {
  if (token.length === 0) return '';
  if (visible <= 0 || token.length < visible * 2 * 5) return `${MASK} (${token.length} chars)`;
  return `${token.slice(0, visible)}${MASK}${token.slice(-visible)}`;
}
