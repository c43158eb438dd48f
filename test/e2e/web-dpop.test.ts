import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInByClick, startWebStack, type WebStack } from './support/web-stack.js';

interface Lk {
  getTokenInfo(p: string): Promise<{ accessToken: string; tokenType: string }>;
  fetch(p: string, url: string): Promise<Response>;
  userinfo(p: string): Promise<Record<string, unknown>>;
}

// `@latchkey/web/dpop` in page mode: the session's key is made and kept in this origin's IndexedDB
// (not extractable), the tokens are DPoP-bound at the dev IdP, and latchkey.fetch signs a proof per
// request (RFC 9449 §7), which the demo API checks.
describe('@latchkey/web/dpop: DPoP-bound tokens in page mode', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  it('signs in to DPoP-bound tokens; fetch and userinfo carry proofs; the bare token is refused', async () => {
    const page = await stack.openHarness('page', { dpop: true });
    await signInByClick(stack, page);
    const info = await page.evaluate(() =>
      (window as unknown as { lk: Lk }).lk.getTokenInfo('dev'),
    );
    expect(info.tokenType).toBe('DPoP');

    const apiUrl = stack.idp.apiUrl;
    const status = await page.evaluate(
      async (url) => (await (window as unknown as { lk: Lk }).lk.fetch('dev', url)).status,
      apiUrl,
    );
    expect(status).toBe(200);
    const claims = await page.evaluate(() => (window as unknown as { lk: Lk }).lk.userinfo('dev'));
    expect(claims).toHaveProperty('sub');
    // Without the key (a stolen token), the API refuses it.
    const stolen = await fetch(apiUrl, {
      headers: { authorization: `Bearer ${info.accessToken}` },
    });
    expect(stolen.status).toBe(401);
    await page.close();
  });

  it('the main entry refuses a dpop provider in page mode, naming the entry to use', async () => {
    const page = await stack.openHarness('page');
    const code = await page.evaluate(async (provider) => {
      const w = window as unknown as {
        Latchkey: { createLatchkey(o: unknown): Promise<unknown> };
      };
      return w.Latchkey.createLatchkey({
        providers: [{ ...provider, dpop: true }],
        mode: 'page',
      }).then(
        () => 'created',
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    }, stack.provider);
    expect(code).toMatch(/^config_invalid: .*'@latchkey\/web\/dpop'/);
    await page.close();
  });
});
