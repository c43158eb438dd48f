import { createLatchkey } from '@latchkey/web';
import type { Latchkey, ProviderConfig } from '@latchkey/web';

/** The demo server's provider (`/demo-config.json`), in page mode; `window.lk` for the test. */
export async function pageLatchkey(): Promise<Latchkey> {
  const config = (await (await fetch('/demo-config.json')).json()) as { provider: ProviderConfig };
  const latchkey = await createLatchkey({ providers: [config.provider], mode: 'page' });
  (window as unknown as { lk: Latchkey }).lk = latchkey;
  return latchkey;
}

/** The error's code (`user_cancelled`, …) as the app shows it. */
export const codeOf = (err: unknown): string =>
  err === undefined ? '' : String((err as { code?: unknown }).code ?? (err as Error).message);
