import { LatchkeyError } from '@latchkey/core';
/**
 * Throws `origin_not_allowed` unless `url` is on one of the provider's `resourceOrigins`: the access
 * token is sent nowhere else (no list, no token).
 * @see RFC 6750 §5.3 "Don't pass bearer tokens … to untrusted parties"
 */
export function assertResourceOrigin(provider, url) {
    const origin = new URL(url).origin;
    for (const allowed of provider.resourceOrigins ?? []) {
        try {
            if (new URL(allowed).origin === origin)
                return;
        }
        catch {
            // A malformed entry never matches.
        }
    }
    throw new LatchkeyError('origin_not_allowed', `${origin} is not in the resourceOrigins of provider "${provider.id}"; its token is not sent there`);
}
