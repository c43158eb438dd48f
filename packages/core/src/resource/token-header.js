/**
 * The header that carries `accessToken` to a protected resource of `provider`, as `[name, value]`:
 * `Authorization: Bearer <token>` by default (RFC 6750 §2.1), or the provider's `tokenHeader`
 * (`X-Access-Token: <token>`, another scheme). The token is sent byte for byte, never re-encoded.
 * DPoP-bound tokens are not sent through this: they need a proof (RFC 9449 §7.1).
 * @see RFC 6750 §2.1
 */
export function accessTokenHeader(provider, accessToken) {
    const name = provider.tokenHeader?.name ?? 'Authorization';
    const scheme = provider.tokenHeader?.scheme ?? (name.toLowerCase() === 'authorization' ? 'Bearer' : '');
    return [name, scheme ? `${scheme} ${accessToken}` : accessToken];
}
