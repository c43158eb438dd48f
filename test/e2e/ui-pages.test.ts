import { PROVIDER_FIELDS } from '@latchkey/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeOf,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

interface ProviderViewLike {
  config: Record<string, unknown> & { id: string };
  redirectUri: string;
}
interface AccountLike {
  provider: string;
  signedIn: boolean;
  name?: string;
  email?: string;
  sub?: string;
  accessToken?: string;
}

// The popup and options pages of the built extension, in Chromium, against the real broker and
// the dev IdP on 127.0.0.1.
describe('extension pages: popup and options', () => {
  let stack: ExtensionStack;
  let options: Page;
  let metadata: Record<string, string>;
  const pageUrl = (path: string) => `chrome-extension://${stack.extensionId}/src/${path}`;
  const field = (name: string) => options.locator(`form[aria-label="Provider"] [name="${name}"]`);
  const providers = async () => (await stack.internal('listProviders', {})) as ProviderViewLike[];

  beforeAll(async () => {
    stack = await startExtensionStack();
    metadata = (await (
      await fetch(`${stack.idp.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    options = await stack.open(pageUrl('options/index.html'));
    options.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('options: adds a provider from an issuer URL, the form prefilled by discovery', async () => {
    await options.locator('li[data-provider="dev"]').waitFor();
    await options.getByRole('button', { name: 'Add provider' }).click();
    await field('issuer').fill(stack.idp.issuer);
    await options.getByRole('button', { name: 'Discover', exact: true }).click();
    await expect
      .poll(() => field('authorizationEndpoint').inputValue())
      .toBe(metadata.authorization_endpoint);
    expect(await field('tokenEndpoint').inputValue()).toBe(metadata.token_endpoint);
    if (metadata.revocation_endpoint) {
      expect(await field('revocationEndpoint').inputValue()).toBe(metadata.revocation_endpoint);
    }
    await field('id').fill('discovered');
    await field('clientId').fill(stack.idp.clientId);
    await field('scopes').fill('openid offline_access');
    await options.getByRole('button', { name: 'Save provider' }).click();

    const card = options.locator('li[data-provider="discovered"]');
    await card.waitFor();
    const redirectUri = `https://${stack.extensionId}.chromiumapp.org/`;
    expect(await card.locator('.redirect-uri').textContent()).toBe(redirectUri);
    await expect(
      card.getByRole('button', { name: 'Copy redirect URI of discovered' }).count(),
    ).resolves.toBe(1);
    const saved = (await providers()).find((p) => p.config.id === 'discovered');
    expect(saved?.config).toMatchObject({
      issuer: stack.idp.issuer,
      clientId: stack.idp.clientId,
      scopes: ['openid', 'offline_access'],
    });
    // Endpoints left as discovered are saved as the issuer alone: core reads the metadata itself
    // (and keeps honouring all of it, RFC 9207 `iss` included).
    expect(saved?.config.tokenEndpoint).toBeUndefined();
    expect(saved?.config.authorizationEndpoint).toBeUndefined();
    expect(saved?.redirectUri).toBe(redirectUri);
  });

  it('options: shows validation errors next to their fields and saves nothing', async () => {
    const before = (await providers()).length;
    await options.getByRole('button', { name: 'Add provider' }).click();
    await field('id').fill('has spaces');
    await field('tokenEndpoint').fill('http://idp.example.com/token');
    await options.getByRole('button', { name: 'Save provider' }).click();
    for (const name of ['id', 'clientId', 'tokenEndpoint', 'authorizationEndpoint']) {
      expect(await field(name).getAttribute('aria-invalid')).toBe('true');
      await options.locator(`#${name}-error`).waitFor();
    }
    expect(await options.locator('#tokenEndpoint-error').textContent()).toContain('https://');
    expect(await field('issuer').getAttribute('aria-invalid')).toBe('false');
    expect((await providers()).length).toBe(before);
  });

  it("options: a failed discovery is shown at the issuer field (the broker's error)", async () => {
    await field('issuer').fill(stack.pages.origin);
    await options.getByRole('button', { name: 'Discover', exact: true }).click();
    await options.locator('#issuer-error').waitFor({ timeout: 15_000 });
    expect(await field('issuer').getAttribute('aria-invalid')).toBe('true');
    await options.getByRole('button', { name: 'Cancel' }).click();
  });

  it("options: the provider form has a field for every setting of core's field table, with its help", async () => {
    await options.getByRole('button', { name: 'Add provider' }).click();
    for (const f of PROVIDER_FIELDS) {
      expect(await field(f.name).count(), f.name).toBe(1);
      expect(await field(f.name).getAttribute('aria-describedby')).toBe(`${f.name}-help`);
      expect(await options.locator(`#${f.name}-help`).textContent()).toContain(f.help);
      // Its accessible name is the table's label (help and errors describe it, not name it).
      const role = ({ boolean: 'checkbox', enum: 'combobox', integer: 'spinbutton' } as const)[
        f.kind as 'boolean' | 'enum' | 'integer'
      ];
      const named = options
        .locator('form[aria-label="Provider"]')
        .getByRole(role ?? 'textbox', { name: f.label, exact: true, includeHidden: true });
      expect(await named.getAttribute('name'), f.name).toBe(f.name);
    }
    // A folded setting is saved like the others.
    await options.locator('.more-settings summary').click();
    await field('id').fill('tabled');
    await field('issuer').fill(stack.idp.issuer);
    await field('clientId').fill(stack.idp.clientId);
    await field('extraTokenParams').fill('{"audience": "api"}');
    await field('maxTokenLength').fill('4096');
    await field('tokenRequestFormat').selectOption('form');
    await options.getByRole('button', { name: 'Save provider' }).click();
    await options.locator('li[data-provider="tabled"]').waitFor();
    expect((await providers()).find((p) => p.config.id === 'tabled')?.config).toMatchObject({
      extraTokenParams: { audience: 'api' },
      maxTokenLength: 4096,
      tokenRequestFormat: 'form',
    });
    // Editing it opens the folded settings that are set.
    await options.getByRole('button', { name: 'Edit tabled' }).click();
    expect(await field('extraTokenParams').isVisible()).toBe(true);
    expect(await field('maxTokenLength').inputValue()).toBe('4096');
    await options.getByRole('button', { name: 'Cancel' }).click();
    await stack.internal('removeProvider', { id: 'tabled' });
  });

  it('popup: lists each provider, signs in with a live countdown, signs out (revoked)', async () => {
    const popup = await stack.open(pageUrl('popup/index.html'));
    const row = popup.locator('li[data-provider="dev"]');
    await row.locator('.badge', { hasText: 'signed out' }).waitFor();
    await popup.locator('li[data-provider="discovered"]').waitFor();

    await row.getByRole('button', { name: 'Sign in' }).click();
    await stack.loginInNextWindow();
    await row.locator('.badge', { hasText: 'signed in' }).waitFor({ timeout: 20_000 });
    const accounts = (await stack.internal('listAccounts', {})) as AccountLike[];
    const dev = accounts.find((a) => a.provider === 'dev');
    expect(dev?.signedIn).toBe(true);
    expect(await row.locator('.account-name').textContent()).toBe(
      dev?.name ?? dev?.email ?? dev?.sub,
    );
    const countdown = row.locator('.countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^expires in \d+:\d\d$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(first);

    const { accessToken } = (await stack.internal('tokenDetails', {
      provider: 'dev',
    })) as AccountLike;
    expect(await stack.apiStatus(accessToken!)).toBe(200);
    await row.getByRole('button', { name: /^Sign out of / }).click();
    await row.locator('.badge', { hasText: 'signed out' }).waitFor({ timeout: 15_000 });
    expect(await stack.apiStatus(accessToken!)).toBe(401);
    await popup.close();
  });

  it("options: lists a site's grant and revokes it", async () => {
    const site = await stack.open(stack.pages.pageUrl());
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', { provider: 'dev' });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    tokenOf(await reply);

    await options.reload();
    const row = options.locator(`[data-origin="${stack.pages.origin}"] tr[data-provider="dev"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('allowed');
    await options.getByRole('button', { name: `Revoke dev for ${stack.pages.origin}` }).click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await stack.internal('listGrants', { origin: stack.pages.origin })).toEqual([]);
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe(
      'consent_required',
    );
    await site.close();
  });

  it('options: removes a provider', async () => {
    const card = options.locator('li[data-provider="discovered"]');
    await card.getByRole('button', { name: 'Remove' }).click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
    expect((await providers()).map((p) => p.config.id)).not.toContain('discovered');
  });
});
