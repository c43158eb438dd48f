import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internal, loginInBrokerWindow } from './support/web-extension.js';
import { startWebStack, type WebStack } from './support/web-stack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// The screenshots in docs/screenshots/ (shown in the README) are rewritten only on request
// (`LATCHKEY_UPDATE_SCREENSHOT=1`), so that a test run leaves the tree clean.
const UPDATE = Boolean(process.env['LATCHKEY_UPDATE_SCREENSHOT']);
const SHOTS_DIR = UPDATE ? join(root, 'docs/screenshots') : undefined;

/** A provider baked into the build (a preset): shown, never contacted. */
const PRESET = {
  id: 'example',
  name: 'Example Corp',
  issuer: 'https://idp.example.com',
  clientId: 'latchkey-demo',
  scopes: ['openid', 'profile', 'email'],
  allowedOrigins: ['https://app.example.com'],
};

const ISO_DATE = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

/**
 * The real extension build (`npm run build -w @latchkey/extension`) with a providers file baked in
 * (`LATCHKEY_PROVIDERS`), so that the pages show a built-in provider and its pre-grant.
 */
async function buildWithPreset(): Promise<{ dir: string; remove(): Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'latchkey-ui-'));
  const providers = join(work, 'providers.json');
  await writeFile(providers, JSON.stringify([PRESET]));
  const dir = join(work, 'ext');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LATCHKEY_PROVIDERS: providers,
    LATCHKEY_OUT_DIR: dir,
    LATCHKEY_FIREFOX: '0',
    LATCHKEY_LOOPBACK: '1',
    LATCHKEY_LOOPBACK_CONNECTABLE: 'http://127.0.0.1/*',
  };
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', '@latchkey/extension'], { cwd: root, env });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const remove = () => rm(work, { recursive: true, force: true });
  if (code !== 0) {
    await remove();
    throw new Error(`extension build failed:\n${output.join('')}`);
  }
  return { dir, remove };
}

/** A small PNG logo drawn in the page (the consent window and options show a provider's logo). */
function drawLogo(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#2e7d5b';
    g.beginPath();
    g.arc(32, 32, 30, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#ffffff';
    g.font = 'bold 36px sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText('D', 32, 34);
    return canvas.toDataURL('image/png');
  });
}

/** Relative luminance of a computed `rgb(…)` colour, 0 (black) to 1 (white). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number) as [
    number,
    number,
    number,
  ];
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The page's background (body's, else the root's) and text colour, as computed. */
function colours(page: Page): Promise<{ background: string; text: string; primary?: string }> {
  return page.evaluate(() => {
    const transparent = (c: string) => c === 'rgba(0, 0, 0, 0)' || c === 'transparent';
    const body = getComputedStyle(document.body);
    const background = transparent(body.backgroundColor)
      ? getComputedStyle(document.documentElement).backgroundColor
      : body.backgroundColor;
    const primary = document.querySelector('button.primary');
    return {
      background,
      text: body.color,
      ...(primary ? { primary: getComputedStyle(primary).backgroundColor } : {}),
    };
  });
}

interface AxNode {
  role?: { value?: string };
  name?: { value?: string };
  ignored?: boolean;
  properties?: { name: string; value: { value?: unknown } }[];
}

/** Roles a person operates or reads as a header: each needs an accessible name. */
const NAMED_ROLES = new Set([
  'button',
  'checkbox',
  'combobox',
  'link',
  'radio',
  'searchbox',
  'slider',
  'spinbutton',
  'switch',
  'tab',
  'textbox',
  'columnheader',
  'rowheader',
  'DisclosureTriangle',
]);

/**
 * What the accessibility tree (Chromium's, through CDP) says is wrong with the page: a control or
 * table header without a name, headings that skip a level or do not start at 1.
 */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const problems: string[] = [];
    for (const node of nodes) {
      const role = node.role?.value ?? '';
      if (node.ignored || !NAMED_ROLES.has(role)) continue;
      if (!(node.name?.value ?? '').trim()) problems.push(`a ${role} without a name`);
    }
    const levels = await page
      .getByRole('heading')
      .evaluateAll((hs) =>
        hs.map((h) =>
          Number(h.getAttribute('aria-level') ?? (/^H(\d)$/.exec(h.tagName)?.[1] || '0')),
        ),
      );
    if (levels[0] !== 1) problems.push(`the first heading is h${levels[0]}`);
    levels.forEach((level, i) => {
      if (i > 0 && level > levels[i - 1]! + 1)
        problems.push(`h${level} after h${levels[i - 1]} (heading ${i + 1})`);
    });
    return problems;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

// The extension's own pages (popup, options, consent window) and the demo as their users see them,
// in real Chromium with the built extension and the dev IdP: dates in words, no Remove where nothing
// can be removed, named controls and ordered headings, dark mode; then light and dark screenshots.
describe('extension pages as their users see them', () => {
  let built: Awaited<ReturnType<typeof buildWithPreset>> | undefined;
  let stack: WebStack;
  let extId: string;
  let options: Page;
  let shots: string;
  const pageUrl = (path: string) => `chrome-extension://${extId}/src/${path}`;

  const screenshot = async (
    page: Page,
    name: string,
    {
      fullPage = false,
      schemes = ['light', 'dark'],
    }: { fullPage?: boolean; schemes?: readonly ('light' | 'dark')[] } = {},
  ): Promise<void> => {
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      const path = join(shots, `${name}-${colorScheme}.png`);
      const png = await page.screenshot({ path, fullPage, animations: 'disabled' });
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect((await readFile(path)).equals(png)).toBe(true);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    shots = SHOTS_DIR ?? (await mkdtemp(join(tmpdir(), 'latchkey-screenshots-')));
    await mkdir(shots, { recursive: true });
    built = await buildWithPreset();
    stack = await startWebStack({ extensionDir: built.dir });
    extId = stack.browser.extensionId!;
    options = await stack.browser.context.newPage();
    await options.setViewportSize({ width: 800, height: 600 });
    options.on('dialog', (dialog) => void dialog.accept());
    await options.goto(pageUrl('options/index.html'));
    // The dev IdP as a person adds it in the options page; the demo's site is not allowed yet.
    const { redirectUri: _ignored, ...provider } = stack.provider;
    await internal(options, 'saveProvider', {
      config: { ...provider, name: 'Dev IdP', logoUri: await drawLogo(options) },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
    if (!SHOTS_DIR && shots) await rm(shots, { recursive: true, force: true });
  });

  it('the demo signs in through the consent window (dark like the rest), which names each scope in words', async () => {
    const demo = await stack.browser.context.newPage();
    await demo.setViewportSize({ width: 800, height: 600 });
    await demo.goto(`${stack.app.origin}/?mode=extension`);
    await demo.getByTestId('sign-in').waitFor();

    const next = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().includes('/src/consent/index.html'),
    });
    await demo.getByTestId('sign-in').click();
    const consent = await next;
    await consent.setViewportSize({ width: 480, height: 560 });
    await consent.getByTestId('consent-scopes').waitFor();
    // The standard scopes in words, the raw scope beside each.
    const scopes = consent.getByTestId('consent-scopes');
    expect(await scopes.locator('li', { hasText: 'profile' }).textContent()).toContain(
      'your name and profile picture',
    );
    expect(await scopes.locator('li', { hasText: 'email' }).textContent()).toContain(
      'your email address',
    );
    expect(await scopes.locator('li', { hasText: 'offline_access' }).textContent()).toContain(
      'stay signed in',
    );
    expect(await consent.getByTestId('consent-provider').textContent()).toBe('Dev IdP');
    expect(await consent.locator('img.provider-logo').count()).toBe(1);
    await expect.poll(() => consent.getByTestId('consent-wait').textContent()).toBe('');
    expect(await accessibilityProblems(consent)).toEqual([]);

    // Dark mode: the computed colours follow prefers-color-scheme, as in the devtools panel.
    await consent.emulateMedia({ colorScheme: 'light' });
    const light = await colours(consent);
    await consent.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours(consent);
    expect(luminance(light.background)).toBeGreaterThan(0.8);
    expect(luminance(light.text)).toBeLessThan(0.1);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    expect(luminance(dark.text)).toBeGreaterThan(0.6);
    expect(dark.primary).not.toBe(light.primary);
    await screenshot(consent, 'consent');

    const login = loginInBrokerWindow(stack);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await login;
    await demo.getByTestId('claims').waitFor({ timeout: 20_000 });
    await demo.getByTestId('call-api').click();
    await demo.getByTestId('api-result').filter({ hasText: 'HTTP' }).waitFor();
    // The demo follows the system's theme too: light and dark backgrounds and text differ.
    await demo.emulateMedia({ colorScheme: 'light' });
    const demoLight = await colours(demo);
    await demo.emulateMedia({ colorScheme: 'dark' });
    const demoDark = await colours(demo);
    expect(demoDark.background).not.toBe(demoLight.background);
    expect(luminance(demoLight.background)).toBeGreaterThan(0.8);
    expect(luminance(demoLight.text)).toBeLessThan(0.1);
    expect(luminance(demoDark.background)).toBeLessThan(0.05);
    expect(luminance(demoDark.text)).toBeGreaterThan(0.6);
    await screenshot(demo, 'demo');
    await demo.close();
  });

  it('popup: accessible, and dark when the system is', async () => {
    const popup = await stack.browser.context.newPage();
    await popup.setViewportSize({ width: 340, height: 300 });
    await popup.goto(pageUrl('popup/index.html'));
    const dev = popup.locator('li[data-provider="dev"]');
    await dev.locator('.badge', { hasText: 'signed in' }).waitFor();
    await popup.locator('li[data-provider="example"]').waitFor();
    // The signed-in account: who it is, its sub, and the sites that use it.
    const alice = dev.locator('li[data-account="alice@example.com"]');
    await alice.waitFor();
    expect(await alice.locator('.account-sub').textContent()).toContain('alice@example.com');
    expect(await alice.locator('.account-sites').textContent()).toBe(
      `Used by: ${stack.app.origin}`,
    );
    expect(await alice.locator('.badge', { hasText: 'current' }).count()).toBe(1);
    expect(await accessibilityProblems(popup)).toEqual([]);

    await popup.emulateMedia({ colorScheme: 'light' });
    const light = await colours(popup);
    await popup.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours(popup);
    expect(luminance(light.background)).toBeGreaterThan(0.8);
    expect(luminance(dark.background)).toBeLessThan(0.05);
    expect(luminance(dark.text)).toBeGreaterThan(0.6);
    await screenshot(popup, 'popup', { fullPage: true });
    await popup.close();
  });

  it('options: a built-in provider has no Remove and says why; an added one can be removed', async () => {
    await options.reload();
    const preset = options.locator('li[data-provider="example"]');
    const added = options.locator('li[data-provider="dev"]');
    await preset.waitFor();
    await added.waitFor();
    expect(await preset.getByRole('button', { name: 'Remove example' }).count()).toBe(0);
    expect(await preset.getByRole('button', { name: 'Edit example' }).count()).toBe(1);
    expect(await preset.textContent()).toContain(
      'Built into this extension: it cannot be removed.',
    );
    expect(await preset.locator('.badge').first().textContent()).toBe('built in');
    expect(await added.getByRole('button', { name: 'Remove dev' }).count()).toBe(1);
    expect(await added.locator('.badge').first().textContent()).toBe('added here');
    const alice = added.locator('li[data-account="alice@example.com"]');
    await alice.waitFor();
    expect(await alice.locator('.account-sites').textContent()).toBe(
      `Used by: ${stack.app.origin}`,
    );
    expect(await preset.textContent()).toContain('none signed in');
    // Before the next test blocks the pre-grant: the page as set up, both kinds of grant listed.
    await options.locator('tr[data-by="preset"]').waitFor();
    await screenshot(options, 'options', { fullPage: true });
  });

  it('options: dates in words; a pre-grant says who set it instead of a date and can only be blocked', async () => {
    const mine = options.locator(`[data-origin="${stack.app.origin}"] tr[data-provider="dev"]`);
    const origin = 'https://app.example.com';
    const preset = options.locator(`[data-origin="${origin}"] tr[data-provider="example"]`);
    await mine.waitFor();
    await preset.waitFor();

    const decided = mine.locator('td.decided');
    expect(await decided.textContent()).toMatch(/^By you, /);
    expect(await decided.textContent()).not.toMatch(ISO_DATE);
    const when = await decided.locator('time').getAttribute('datetime');
    expect(Math.abs(Date.parse(when!) - Date.now())).toBeLessThan(10 * 60_000);
    expect(await decided.locator('time').textContent()).toContain(
      String(new Date(when!).getFullYear()),
    );

    expect(await preset.locator('td.decided').textContent()).toBe("Set by the extension's build");
    expect(await preset.textContent()).not.toMatch(ISO_DATE);
    expect(await preset.textContent()).not.toContain('1970');
    expect(await preset.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect(await preset.textContent()).toContain('Cannot be removed.');

    // Blocking stores the person's denial over it (a pre-grant cannot be deleted); allowing again
    // stores their own grant.
    await preset.getByRole('button', { name: `Block example for ${origin}` }).click();
    const mineNow = options.locator(`[data-origin="${origin}"] tr[data-by="user"]`);
    await mineNow.locator('td.bad', { hasText: 'denied' }).waitFor({ timeout: 15_000 });
    expect(
      await mineNow.getByRole('button', { name: `Revoke example for ${origin}` }).count(),
    ).toBe(1);
    await mineNow.getByRole('button', { name: `Allow example for ${origin}` }).click();
    await mineNow.locator('td.ok', { hasText: 'allowed' }).waitFor({ timeout: 15_000 });
  });

  it('options: every control and table header is named, headings in order (with every fold open)', async () => {
    expect(await accessibilityProblems(options)).toEqual([]);
    await options.emulateMedia({ colorScheme: 'dark' });
    expect(luminance((await colours(options)).background)).toBeLessThan(0.05);
    await options.emulateMedia({ colorScheme: 'light' });

    await options.getByRole('button', { name: 'Add provider' }).click();
    await options.locator('.more-settings summary').click();
    await options.locator('.import-export summary').click();
    expect(await accessibilityProblems(options)).toEqual([]);
    await options.getByRole('button', { name: 'Cancel' }).click();
    await options.locator('.preset-picker summary').click();
    await options.getByRole('combobox', { name: 'Provider' }).selectOption({ index: 1 });
    expect(await accessibilityProblems(options)).toEqual([]);
  });

  it('options: signs one account out (revoked at the provider); the popup follows', async () => {
    const alice = options.locator('li[data-provider="dev"] li[data-account="alice@example.com"]');
    await alice.waitFor();
    const before = await internal(options, 'tokenDetails', { provider: 'dev' });
    const { accessToken } = before as { accessToken?: string };
    await options
      .getByRole('button', { name: /^Sign out .* from Dev IdP$/ })
      .first()
      .click();
    await alice.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await options.locator('li[data-provider="dev"]').textContent()).toContain(
      'none signed in',
    );
    expect(await internal(options, 'listSessions', { provider: 'dev' })).toEqual([]);
    const api = await fetch(stack.idp.apiUrl, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(api.status).toBe(401);
    const popup = await stack.browser.context.newPage();
    await popup.goto(pageUrl('popup/index.html'));
    await popup.locator('li[data-provider="dev"] .badge', { hasText: 'signed out' }).waitFor();
    await popup.close();
  });
});
