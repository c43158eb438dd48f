import { startDevIdp } from '@latchkey/dev-idp';
import type { Frame, Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from './browser.js';
import { buildExtensionForE2e } from './extension-build.js';
import { serveTestPages, type TestPages } from './test-pages.js';
import { extensionIdOf } from './web-extension.js';
import { loginAtDevIdp } from './web-idp-login.js';

export type DevIdp = Awaited<ReturnType<typeof startDevIdp>>;

/** A reply envelope as the page received it (or why nothing came back). */
export type Reply =
  | {
      latchkey: 1;
      id: string;
      ok: true;
      result: Record<string, unknown> & { accessToken?: string };
    }
  | { latchkey: 1; id: string; ok: false; error: { code: string; message: string } }
  | { unreachable: string };

export interface ExtensionStack {
  browser: LaunchedChromium;
  extensionId: string;
  extensionDir: string;
  idp: DevIdp;
  pages: TestPages;
  /** A second page server: another origin. */
  otherPages: TestPages;
  /** The provider saved in the broker (id `dev`). */
  provider: Record<string, unknown>;
  /** Calls the internal protocol from an extension page (as the options page does). */
  internal(method: string, params: unknown): Promise<unknown>;
  /** Saves the `dev` provider with extra fields (e.g. allowedOrigins). */
  saveProvider(extra?: Record<string, unknown>): Promise<void>;
  open(url: string): Promise<Page>;
  direct(page: Page | Frame, method: string, params?: unknown): Promise<Reply>;
  bridge(page: Page | Frame, method: string, params?: unknown): Promise<Reply>;
  /** Waits for the next consent window. */
  nextConsent(): Promise<Page>;
  /** Signs in at the dev IdP in the next launchWebAuthFlow window. */
  loginInNextWindow(): Promise<void>;
  /** GET the dev IdP's protected API with a bearer token: the status. */
  apiStatus(accessToken: string): Promise<number>;
  close(): Promise<void>;
}

export interface ExtensionStackOptions {
  accessTokenTtl?: number;
}

export const SCOPES = ['openid', 'profile', 'offline_access'];

/** Builds the extension, starts the dev IdP and two page servers on 127.0.0.1:0, launches Chromium. */
export async function startExtensionStack(
  options: ExtensionStackOptions = {},
): Promise<ExtensionStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  // The broker logs every promise rejection nobody handled (`unhandled_rejection`): none may remain.
  let unhandledRejections: (() => Promise<unknown[]>) | undefined;
  const close = async (): Promise<void> => {
    const unhandled = (await unhandledRejections?.().catch(() => [])) ?? [];
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    if (unhandled.length) {
      throw new Error(`the broker left promise rejections unhandled: ${JSON.stringify(unhandled)}`);
    }
  };
  try {
    const built = await buildExtensionForE2e();
    cleanups.push(built.remove);
    const extensionId = extensionIdOf(built.dir);
    if (!extensionId) throw new Error('the built manifest has no key');
    const pages = await serveTestPages();
    cleanups.push(() => pages.close());
    // The chromiumapp.org redirect (launchWebAuthFlow) and a loopback one (popup-window flow).
    const idp = await startDevIdp({
      port: 0,
      redirectUris: [`https://${extensionId}.chromiumapp.org/`, `${pages.origin}/callback`],
      corsOrigins: [`chrome-extension://${extensionId}`],
      accessTokenTtl: options.accessTokenTtl ?? 300,
    });
    cleanups.push(() => idp.close());
    const otherPages = await serveTestPages();
    cleanups.push(() => otherPages.close());
    const browser = await launchChromium({ extensionDir: built.dir });
    cleanups.push(() => browser.close());
    const { context } = browser;

    let extPage: Page | undefined;
    const internal = async (method: string, params: unknown): Promise<unknown> => {
      if (!extPage || extPage.isClosed()) {
        extPage = await context.newPage();
        await extPage.goto(`chrome-extension://${extensionId}/src/options/index.html`);
      }
      return extPage.evaluate(
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
          })) as { ok: boolean; result?: unknown; error?: unknown };
          if (!reply?.ok) throw new Error(`${method}: ${JSON.stringify(reply?.error)}`);
          return reply.result;
        },
        { method, params },
      );
    };
    unhandledRejections = async () =>
      ((await internal('readLog', { limit: 1000 })) as { type: string }[]).filter(
        (r) => r.type === 'unhandled_rejection',
      );
    const provider: Record<string, unknown> = {
      id: 'dev',
      name: 'Dev IdP',
      issuer: idp.issuer,
      clientId: idp.clientId,
      scopes: SCOPES,
      resourceOrigins: [new URL(idp.apiUrl).origin],
    };
    const stack: ExtensionStack = {
      browser,
      extensionId,
      extensionDir: built.dir,
      idp,
      pages,
      otherPages,
      provider,
      internal,
      saveProvider: async (extra = {}) => {
        await internal('saveProvider', { config: { ...provider, ...extra } });
      },
      open: async (url) => {
        const page = await context.newPage();
        await page.goto(url);
        return page;
      },
      direct: (page, method, params = {}) =>
        page.evaluate(
          ([id, m, p]) =>
            (window as unknown as { direct(...a: unknown[]): Promise<Reply> }).direct(id, m, p),
          [extensionId, method, params] as const,
        ),
      bridge: (page, method, params = {}) =>
        page.evaluate(
          ([m, p]) =>
            (window as unknown as { bridge(...a: unknown[]): Promise<Reply> }).bridge(m, p),
          [method, params] as const,
        ),
      nextConsent: () =>
        context.waitForEvent('page', {
          timeout: 15_000,
          predicate: (p) => p.url().includes('/src/consent/index.html'),
        }),
      loginInNextWindow: async () => {
        const page = await context.waitForEvent('page', {
          timeout: 15_000,
          predicate: (p) => p.url().startsWith(new URL(idp.issuer).origin),
        });
        await loginAtDevIdp(page, new URL(idp.issuer).origin);
      },
      apiStatus: async (accessToken) =>
        (await fetch(idp.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status,
      close,
    };
    await stack.saveProvider();
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}

/** The error code of a reply, or 'ok'. */
export function codeOf(reply: Reply): string {
  if ('unreachable' in reply) return `unreachable: ${reply.unreachable}`;
  return reply.ok ? 'ok' : reply.error.code;
}

/** The access token of a successful reply. */
export function tokenOf(reply: Reply): string {
  if ('unreachable' in reply || !reply.ok || typeof reply.result.accessToken !== 'string') {
    throw new Error(`no token in ${JSON.stringify(reply)}`);
  }
  return reply.result.accessToken;
}

/** The reply, or `unreachable: hung` when it does not come within `ms` (the call must end). */
export function settled(reply: Promise<Reply>, ms = 20_000): Promise<Reply> {
  return Promise.race([
    reply,
    new Promise<Reply>((r) => setTimeout(() => r({ unreachable: 'hung' }), ms)),
  ]);
}
