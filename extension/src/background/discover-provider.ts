import { LatchkeyError } from '@latchkey/core';
import type { ProviderConfig } from '@latchkey/core';

/**
 * Reads an issuer's metadata to prefill a provider form: RFC 8414 first, then OpenID Connect
 * Discovery. Only endpoints are taken; the core checks the metadata again when it uses it.
 * @see RFC 8414 §3, OpenID Connect Discovery 1.0 §4
 */
export async function discoverProvider(issuer: string): Promise<Partial<ProviderConfig>> {
  let base: URL;
  try {
    base = new URL(issuer);
  } catch {
    throw new LatchkeyError('config_invalid', `${issuer} is not a URL`);
  }
  const path = base.pathname.replace(/\/$/, '');
  const candidates = [
    `${base.origin}/.well-known/oauth-authorization-server${path}`,
    `${base.origin}${path}/.well-known/openid-configuration`,
  ];
  for (const url of candidates) {
    let meta: Record<string, unknown>;
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(15_000),
        credentials: 'omit',
      });
      if (!response.ok) continue;
      meta = (await response.json()) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (meta.issuer !== issuer && meta.issuer !== issuer.replace(/\/$/, '')) continue;
    const str = (k: string) => (typeof meta[k] === 'string' ? (meta[k] as string) : undefined);
    const out: Partial<ProviderConfig> = { issuer: meta.issuer as string };
    const map: [keyof ProviderConfig, string][] = [
      ['authorizationEndpoint', 'authorization_endpoint'],
      ['tokenEndpoint', 'token_endpoint'],
      ['revocationEndpoint', 'revocation_endpoint'],
      ['deviceAuthorizationEndpoint', 'device_authorization_endpoint'],
      ['userinfoEndpoint', 'userinfo_endpoint'],
    ];
    for (const [key, wire] of map) {
      const v = str(wire);
      if (v) (out as Record<string, unknown>)[key] = v;
    }
    const scopes = meta.scopes_supported;
    if (Array.isArray(scopes) && scopes.includes('openid')) out.scopes = ['openid'];
    return out;
  }
  throw new LatchkeyError('config_invalid', `No authorization server metadata found for ${issuer}`);
}
