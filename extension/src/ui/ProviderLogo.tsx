import { safeLogoUri } from './logo.js';

export interface ProviderLogoProps {
  /** The provider's `logoUri` (untrusted: checked by {@link safeLogoUri}). */
  logoUri: string | undefined;
  size?: number;
}

/**
 * A provider's logo as an `<img>` (never as markup), fetched without a referrer; nothing when the
 * config has none or one the pages do not show. Decorative: the provider's name is always beside it.
 */
export function ProviderLogo({ logoUri, size = 32 }: ProviderLogoProps) {
  const src = safeLogoUri(logoUri);
  if (src === undefined) return null;
  return (
    <img
      class="provider-logo"
      src={src}
      alt=""
      width={size}
      height={size}
      referrerpolicy="no-referrer"
      decoding="async"
    />
  );
}
