import { roblox } from '@latchkey/core/presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExtensionStack } from './support/extension-stack.js';
// The options page's "Add from preset" in Chromium, with the built extension and the real broker.
describe('extension options: Add from preset', () => {
    let stack;
    let options;
    const field = (name) => options.locator(`form[aria-label="Provider"] [name="${name}"]`);
    const picker = () => options.locator('details.preset-picker');
    beforeAll(async () => {
        stack = await startExtensionStack();
        options = await stack.open(`chrome-extension://${stack.extensionId}/src/options/index.html`);
    });
    afterAll(async () => {
        await stack?.close();
    });
    it('fills the provider form from the Roblox preset; saving stores the preset’s config', async () => {
        await options.locator('li[data-provider="dev"]').waitFor();
        await picker().locator('summary').click();
        await picker().locator('select[name="preset"]').selectOption('roblox');
        await expect(picker().textContent()).resolves.toContain('Creator Dashboard');
        await picker().getByRole('button', { name: 'Fill the form' }).click();
        await expect.poll(() => field('issuer').inputValue()).toBe('https://apis.roblox.com/oauth/');
        expect(await field('tokenEndpoint').inputValue()).toBe('https://apis.roblox.com/oauth/v1/token');
        expect(await field('id').inputValue()).toBe('roblox');
        await field('clientId').fill('840974200211308101');
        await options.getByRole('button', { name: 'Save provider' }).click();
        await options.locator('li[data-provider="roblox"]').waitFor();
        const saved = (await stack.internal('listProviders', {})).find((p) => p.config.id === 'roblox');
        expect(saved?.config).toMatchObject({
            ...roblox({ clientId: '840974200211308101' }),
            idTokenSigningAlgs: ['ES256'],
        });
    });
    it('shows a preset parameter error and opens no form', async () => {
        // The picker is new again once the form is closed.
        await picker().locator('summary').click();
        await picker().locator('select[name="preset"]').selectOption('auth0');
        await picker().locator('[name="preset-domain"]').fill('evil.example/steal');
        await picker().getByRole('button', { name: 'Fill the form' }).click();
        await expect(picker().getByRole('alert').textContent()).resolves.toContain('domain');
        expect(await options.locator('form[aria-label="Provider"]').count()).toBe(0);
        await picker().locator('[name="preset-domain"]').fill('example.us.auth0.com');
        await picker().getByRole('button', { name: 'Fill the form' }).click();
        await expect.poll(() => field('issuer').inputValue()).toBe('https://example.us.auth0.com/');
        await options.getByRole('button', { name: 'Cancel' }).click();
    });
});
