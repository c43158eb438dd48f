import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { extensionIdFromKey } from './browser.js';
import type { WebStack } from './web-stack.js';

/** The id Chrome gives the unpacked extension in `dir` (fixed by its manifest `key`). */
export function extensionIdOf(dir: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      key?: string;
    };
    return manifest.key ? extensionIdFromKey(manifest.key) : undefined;
  } catch {
    return undefined;
  }
}

/** Sends one internal-protocol request from an extension page (only those may configure the broker). */
export async function internal(page: Page, method: string, params: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ method, params }) => {
      const runtime = (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
        }
      ).chrome.runtime;
      const reply = (await runtime.sendMessage({
        channel: 'latchkey-internal',
        method,
        params,
      })) as {
        ok: boolean;
        result?: unknown;
        error?: unknown;
      };
      if (!reply?.ok) throw new Error(`${method}: ${JSON.stringify(reply?.error)}`);
      return reply.result;
    },
    { method, params },
  );
}

/**
 * Saves the stack's dev IdP in the loaded extension as provider `dev` and allows the demo's origin
 * to use it (`allowSite`: an options-page provider's `allowedOrigins` pre-grant nothing), through the
 * internal protocol of its options page, as a user would.
 */
export async function configureExtensionProvider(stack: WebStack): Promise<void> {
  const id = stack.browser.extensionId;
  if (!id) throw new Error('no extension loaded');
  const options = await stack.browser.context.newPage();
  await options.goto(`chrome-extension://${id}/src/options/index.html`);
  const { redirectUri: _ignored, ...provider } = stack.provider;
  await internal(options, 'saveProvider', { config: provider });
  await internal(options, 'allowSite', { origin: stack.app.origin, provider: provider.id });
  await options.close();
}

/** Waits for the broker's sign-in window (launchWebAuthFlow) and signs in at the dev IdP there. */
export async function loginInBrokerWindow(stack: WebStack): Promise<void> {
  const idpOrigin = new URL(stack.idp.issuer).origin;
  const window = await stack.browser.context.waitForEvent('page', {
    timeout: 15_000,
    predicate: (p) => p.url().startsWith(idpOrigin),
  });
  await stack.login(window);
}

/**
 * Configures the extension, opens the harness in extension mode and signs in through the broker.
 * Returns the harness page.
 */
export async function setUpExtensionMode(stack: WebStack): Promise<Page> {
  await configureExtensionProvider(stack);
  const page = await stack.openHarness('extension');
  const login = loginInBrokerWindow(stack);
  const signedIn = page.evaluate(() =>
    (
      window as unknown as { lk: { signIn(p: string): Promise<{ accessToken: string }> } }
    ).lk.signIn('dev'),
  );
  await login;
  await signedIn;
  return page;
}
