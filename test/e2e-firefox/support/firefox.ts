import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Firefox ESR unless `FIREFOX_PATH` says otherwise; never a downloaded browser. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The pinned `moz-extension://` uuid (`extensions.webextensions.uuids`) of the first install. */
export const EXTENSION_UUID = '6c1d2e3f-0000-4000-8000-00000000f1f0';

export interface FirefoxOptions {
  /** The add-on id whose uuid is pinned (`browser_specific_settings.gecko.id`). */
  geckoId: string;
  /** `extensions.background.idle.timeout` (ms): how soon an idle event page stops. */
  idleTimeoutMs?: number;
}

/**
 * Launches Firefox headless over WebDriver BiDi (puppeteer-core) with a fresh profile. The prefs:
 * MV3 host permissions granted at install (else the bridge content script does not run),
 * optional-permission requests without a doorhanger, the extension's origin pinned, timers precise.
 */
export async function launchFirefox(options: FirefoxOptions): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      'extensions.originControls.grantByDefault': true,
      'extensions.webextOptionalPermissionPrompts': false,
      'extensions.webextensions.uuids': JSON.stringify({ [options.geckoId]: EXTENSION_UUID }),
      'privacy.reduceTimerPrecision': false,
      ...(options.idleTimeoutMs !== undefined
        ? { 'extensions.background.idle.timeout': options.idleTimeoutMs }
        : {}),
    },
  });
}

/** Installs the unpacked add-on in `dir` as a temporary add-on: its id. */
export function installExtension(browser: Browser, dir: string): Promise<string> {
  return browser.installExtension(resolve(dir));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `location.href` of a page, or '' while it cannot be read (closing, navigating). */
export async function hrefOf(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => location.href);
  } catch {
    return '';
  }
}

/**
 * The extension page whose path is `path`, once the extension opened it (WebDriver BiDi cannot
 * navigate to `moz-extension://`, and puppeteer reports such a page's url as about:blank).
 */
export async function findExtensionPage(
  browser: Browser,
  path: string,
  { timeoutMs = 15_000, exclude = [] as Page[] } = {},
): Promise<Page> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const page of await browser.pages()) {
      if (exclude.includes(page)) continue;
      const href = await hrefOf(page);
      if (href.startsWith('moz-extension://') && new URL(href).pathname === path) return page;
    }
    await sleep(100);
  }
  throw new Error(`no extension page ${path} within ${timeoutMs} ms`);
}

/**
 * Polls `page.evaluate(fn)` until it is truthy (`waitForFunction` never resolves on moz-extension
 * pages in Firefox 140).
 */
export async function waitEval<T>(
  page: Page,
  fn: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 100 } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await page.evaluate(fn);
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`waitEval timed out; last: ${String(last)}`);
}

/** Clicks `selector` in `page` once it is there (the window may still be loading). */
export async function clickWhenThere(page: Page, selector: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const clicked = await page
      .evaluate((s) => {
        const el = document.querySelector<HTMLElement>(s);
        el?.click();
        return el !== null;
      }, selector)
      .catch(() => false);
    if (clicked) return;
    await sleep(100);
  }
  throw new Error(`no ${selector} in ${await hrefOf(page)}`);
}

/** Whether `page` shows the dev IdP's login form (polls: the window may still be loading). */
export async function showsLoginForm(page: Page): Promise<boolean> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const there = await page
      .evaluate(() => document.querySelector('input[name="login"]') !== null)
      .catch(() => false);
    if (there) return true;
    await sleep(100);
  }
  return false;
}
