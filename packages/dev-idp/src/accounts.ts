import type { Account, KoaContextWithOIDC } from 'oidc-provider';

/**
 * Any login name is an account: `sub` is the login, the other claims derive from it.
 * @see OpenID Connect Core 1.0 §5.1 (standard claims)
 */
export function findAccount(_ctx: KoaContextWithOIDC, sub: string): Account {
  return {
    accountId: sub,
    claims: () => ({
      sub,
      name: sub.charAt(0).toUpperCase() + sub.slice(1),
      preferred_username: sub,
      email: `${sub}@example.test`,
      email_verified: true,
    }),
  };
}
