import { createClient, type LatchkeyStorage, type ProviderConfig } from '@latchkey/core';
import type { EmulatedProviderConfig, Emulation } from '@latchkey/dev-idp';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { freshStorage } from './support.js';

/** An emulated seed platform and a core client configured for it as its documents say. */
export interface SeedStack<E extends Emulation> {
  em: E;
  provider: ProviderConfig;
  storage: LatchkeyStorage;
  client: ReturnType<typeof createClient>;
  close(): Promise<void>;
}

export async function startSeedStack<
  E extends Emulation & {
    providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
  },
>(start: () => Promise<E>, overrides: Partial<EmulatedProviderConfig> = {}): Promise<SeedStack<E>> {
  const em = await start();
  const provider: ProviderConfig = em.providerConfig(overrides);
  const storage = freshStorage();
  const client = createClient({ providers: [provider], storage });
  return {
    em,
    provider,
    storage,
    client,
    async close() {
      storage.close();
      await em.close();
    },
  };
}

/** Begins a flow, signs in at the platform's page over HTTP, completes it. */
export async function signInAt<E extends Emulation>(stack: SeedStack<E>, login: string) {
  const { url } = await stack.client.beginAuthorization(stack.provider.id);
  return stack.client.completeAuthorization(await loginOverHttp(url, { login }));
}

/** The stored refresh token (never leaves the core; the test reads the storage directly). */
export async function storedRefreshToken<E extends Emulation>(
  stack: SeedStack<E>,
): Promise<string | undefined> {
  return (await stack.storage.getTokens(stack.provider.id))?.refreshToken;
}
