import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExtensionStack, type ExtensionStack } from './support/extension-stack.js';

interface ProviderViewLike {
  config: Record<string, unknown> & { id: string };
  source: string;
}

// The options page's import of a providers file, in Chromium against the real broker: what would
// change is shown first, and nothing changes until "Apply import".
describe('options: import shows what changes and asks before applying', () => {
  let stack: ExtensionStack;
  let options: Page;
  let dev: Record<string, unknown>;
  const providers = async () => (await stack.internal('listProviders', {})) as ProviderViewLike[];
  const review = () => options.getByRole('dialog', { name: 'Review the import' });
  const paste = async (configs: unknown) => {
    await options.locator('textarea[name="import"]').fill(JSON.stringify(configs));
    await options.getByRole('button', { name: 'Review import' }).click();
  };

  beforeAll(async () => {
    stack = await startExtensionStack();
    dev = (await providers()).find((p) => p.config.id === 'dev')!.config;
    options = await stack.open(`chrome-extension://${stack.extensionId}/src/options/index.html`);
    await options.locator('li[data-provider="dev"]').waitFor();
    await options.locator('.import-export summary').click();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const changed = () => [
    {
      ...dev,
      tokenEndpoint: `${stack.otherPages.origin}/token`,
      extraTokenParams: { audience: 'elsewhere' },
      allowedOrigins: [stack.otherPages.origin],
      name: 'Dev IdP (imported)',
    },
    { id: 'added', name: 'Added', issuer: stack.idp.issuer, clientId: 'added-client' },
  ];

  it('lists each provider with the fields that change, the sensitive ones marked; Cancel changes nothing', async () => {
    const before = await providers();
    await paste(changed());
    await review().waitFor();
    const devEntry = review().locator('article[data-import-id="dev"]');
    expect(await devEntry.getAttribute('data-kind')).toBe('replace');
    const rows = devEntry.locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-field')))).toEqual(
      ['allowedOrigins', 'extraTokenParams', 'name', 'tokenEndpoint'],
    );
    const row = (field: string) => devEntry.locator(`tr[data-field="${field}"]`);
    for (const field of ['allowedOrigins', 'extraTokenParams', 'tokenEndpoint']) {
      expect(await row(field).getAttribute('data-sensitive')).toBe('true');
    }
    expect(await row('name').getAttribute('data-sensitive')).toBeNull();
    expect(await row('tokenEndpoint').locator('td.after').textContent()).toBe(
      `${stack.otherPages.origin}/token`,
    );
    expect(await row('allowedOrigins').locator('td.after').textContent()).toContain(
      `added: ${stack.otherPages.origin}`,
    );
    expect(await row('extraTokenParams').locator('td.before').textContent()).toBe('(not set)');
    const added = review().locator('article[data-import-id="added"]');
    expect(await added.getAttribute('data-kind')).toBe('add');
    expect(await added.locator('tr[data-field="clientId"] td').textContent()).toBe('added-client');

    // Nothing has changed yet; Cancel leaves it so.
    expect(await providers()).toEqual(before);
    await review().getByRole('button', { name: 'Cancel' }).click();
    await review().waitFor({ state: 'detached' });
    expect(await providers()).toEqual(before);
  });

  it('Apply import applies exactly what was shown', async () => {
    await paste(changed());
    await review().getByRole('button', { name: 'Apply import' }).click();
    await options.getByRole('status').filter({ hasText: 'Imported 2 provider(s).' }).waitFor();
    const after = await providers();
    expect(after.find((p) => p.config.id === 'dev')?.config).toMatchObject({
      tokenEndpoint: `${stack.otherPages.origin}/token`,
      extraTokenParams: { audience: 'elsewhere' },
    });
    expect(after.map((p) => p.config.id)).toContain('added');
    await options.locator('li[data-provider="added"]').waitFor();
  });

  it('the same file again shows no change and nothing to apply', async () => {
    const now = (await providers()).filter((p) => ['dev', 'added'].includes(p.config.id));
    await paste(now.map((p) => p.config));
    await review().waitFor();
    expect(
      await review()
        .locator('article')
        .evaluateAll((as) => as.map((a) => a.getAttribute('data-kind'))),
    ).toEqual(['unchanged', 'unchanged']);
    expect(await review().getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    await review().getByRole('button', { name: 'Cancel' }).click();
  });

  it('an entry without an id is refused and nothing can be applied; bad JSON is an error', async () => {
    const before = await providers();
    await paste([{ ...dev, id: 'fine' }, { clientId: 'no-id' }]);
    await review().waitFor();
    expect(await review().locator('article').nth(1).getAttribute('data-kind')).toBe('refused');
    await review().getByRole('alert').waitFor();
    expect(await review().getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    await review().getByRole('button', { name: 'Cancel' }).click();

    await options.locator('textarea[name="import"]').fill('[{"id": ');
    await options.getByRole('button', { name: 'Review import' }).click();
    const error = options.locator('.import-export p.error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Not JSON');
    expect(await review().count()).toBe(0);
    expect(await providers()).toEqual(before);
  });
});
