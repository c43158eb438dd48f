import 'fake-indexeddb/auto';

import {
  createClient,
  openIdbStorage,
  type CreateClientOptions,
  type LatchkeyStorage,
  type ProviderConfig,
} from '@latchkey/core';
import { startDevIdp, type DevIdp, type DevIdpOptions } from '@latchkey/dev-idp';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

let dbCounter = 0;

/** A fresh IndexedDB database (fake-indexeddb: this is Node) per client, so tests share nothing. */
export function freshStorage(): LatchkeyStorage {
  return openIdbStorage({ name: `latchkey-test-${process.pid}-${++dbCounter}` });
}

export interface Stack {
  idp: DevIdp;
  provider: ProviderConfig;
  storage: LatchkeyStorage;
  client: ReturnType<typeof createClient>;
  close(): Promise<void>;
}

/** The dev IdP on an ephemeral port and a core client for it, with its own storage. */
export async function startStack(
  idpOptions: DevIdpOptions = {},
  providerOverrides: Partial<ProviderConfig> = {},
  clientOptions: Partial<CreateClientOptions> = {},
): Promise<Stack> {
  const idp = await startDevIdp(idpOptions);
  const provider: ProviderConfig = {
    id: 'dev',
    issuer: idp.issuer,
    clientId: idp.clientId,
    redirectUri: idp.redirectUris[0]!,
    scopes: ['openid', 'profile', 'email'],
    ...providerOverrides,
  };
  const storage = freshStorage();
  const client = createClient({ providers: [provider], storage, ...clientOptions });
  return {
    idp,
    provider,
    storage,
    client,
    async close() {
      storage.close();
      await idp.close();
    },
  };
}

/** Begins a flow, logs in through the devInteractions pages over HTTP, returns the callback URL. */
export async function authorizeOverHttp(
  stack: Stack,
  login = 'alice',
  providerId = stack.provider.id,
): Promise<string> {
  const { url } = await stack.client.beginAuthorization(providerId);
  return loginOverHttp(url, { login });
}

/** A signed-in stack. */
export async function signIn(stack: Stack, login = 'alice') {
  return stack.client.completeAuthorization(await authorizeOverHttp(stack, login));
}

/**
 * A refresh_token grant sent by hand, as someone holding only the refresh token would (no PKCE
 * client state, no DPoP proof): what the server answers to a stolen or reused refresh token.
 */
export function rawRefresh(stack: Stack, refreshToken: string): Promise<Response> {
  return fetch(new URL('/token', stack.idp.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: stack.idp.clientId,
    }),
  });
}
