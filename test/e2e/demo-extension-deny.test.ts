import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtensionForE2e } from './support/extension-build.js';
import { configureExtensionProvider } from './support/web-extension.js';
import { startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

describe('demo SPA in extension mode: Deny in the consent window', () => {
  let built: Awaited<ReturnType<typeof buildExtensionForE2e>> | undefined;
  let stack: WebStack;
  beforeAll(async () => {
    built = await buildExtensionForE2e();
    stack = await startWebStack({ extensionDir: built.dir });
    // The provider is in the extension, the demo's site not allowed: signing in asks for consent.
    await configureExtensionProvider(stack, { allowSite: false });
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
  });

  it('leaves the demo usable and says how to undo it', async () => {
    const page = await stack.openDemo('auto');
    expect(await page.getByTestId('mode').textContent()).toBe('extension mode');
    const button = page.getByTestId('sign-in');
    await button.waitFor();
    const consent = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().includes('/src/consent/index.html'),
    });
    await button.click();
    const window = await consent;
    expect(await button.isDisabled()).toBe(true);
    await window.getByRole('button', { name: 'Deny' }).click();

    const note = page.getByTestId('error');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.getAttribute('class')).toBe('notice');
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(`You denied ${stack.app.origin}`);
    expect(text).toContain('Options → Sites');
    // Still the signed-out demo, its button usable again.
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="sign-in"]') as HTMLButtonElement).disabled,
    );
    expect(await page.getByTestId('claims').count()).toBe(0);
    // The denial is remembered: a second click says the same at once, no window.
    const pages = stack.browser.context.pages().length;
    await button.click();
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="sign-in"]') as HTMLButtonElement).disabled,
    );
    expect(await note.textContent()).toBe(text);
    expect(stack.browser.context.pages().length).toBe(pages);
    await page.close();
  });
});
