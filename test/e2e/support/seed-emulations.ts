import {
  startBipsyncEmulation,
  startBixbyEmulation,
  startCapacityEmulation,
  startRobloxEmulation,
  type EmulatedProviderConfig,
  type Emulation,
  type EmulationOptions,
} from '@latchkey/dev-idp';

export type SeedPlatform = 'roblox' | 'bipsync' | 'bixby' | 'capacity';

export type SeedEmulation = Emulation & {
  providerConfig(overrides?: Partial<EmulatedProviderConfig>): EmulatedProviderConfig;
};

export const SEED_PLATFORMS: readonly SeedPlatform[] = ['roblox', 'bipsync', 'bixby', 'capacity'];

const starts: Record<SeedPlatform, (o: EmulationOptions) => Promise<SeedEmulation>> = {
  roblox: startRobloxEmulation,
  bipsync: startBipsyncEmulation,
  bixby: startBixbyEmulation,
  capacity: startCapacityEmulation,
};

/** The four seed platforms' emulations on 127.0.0.1:0, each registering the same client. */
export async function startSeedEmulations(
  options: EmulationOptions,
): Promise<Record<SeedPlatform, SeedEmulation> & { close(): Promise<void> }> {
  const started = await Promise.all(SEED_PLATFORMS.map((p) => starts[p](options)));
  const byName = Object.fromEntries(SEED_PLATFORMS.map((p, i) => [p, started[i]!])) as Record<
    SeedPlatform,
    SeedEmulation
  >;
  return {
    ...byName,
    close: async () => {
      await Promise.all(started.map((e) => e.close()));
    },
  };
}

/** What each platform's server must have seen after a sign-out: revocation only where documented. */
export const REVOKES_AT_SIGN_OUT: Record<SeedPlatform, boolean> = {
  roblox: true,
  bipsync: false,
  bixby: true,
  capacity: false,
};
