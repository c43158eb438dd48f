import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The device flow's user pages (code input, confirmation, success). Each page's `<main>` carries
 * `data-device-page` (`input`, `confirm`, `success`) and, after a failure, `data-error` (the
 * oidc-provider error name: `NotFoundError`, `ExpiredError`, `AlreadyUsedError`, `AbortedError`,
 * `NoCodeError`, ...), so `approveDeviceCode` reads state instead of guessing from wording.
 * @see RFC 8628 §3.3 (user interaction)
 */
export const devicePages = {
  async userCodeInputSource(
    ctx: KoaContextWithOIDC,
    form: string,
    _out?: unknown,
    err?: Error & { userCode?: string },
  ): Promise<void> {
    const message = !err
      ? 'Enter the code displayed on your device.'
      : err.name === 'AbortedError'
        ? 'The sign-in request was interrupted.'
        : err.userCode !== undefined || err.name === 'NoCodeError'
          ? 'The code you entered is incorrect. Try again.'
          : 'There was an error processing your request.';
    ctx.type = 'html';
    ctx.body = page(
      'Device sign-in',
      `<main data-device-page="input"${err ? ` data-error="${escapeHtml(err.name)}"` : ''}>
<h1>Device sign-in</h1><p>${message}</p>${form}
<button type="submit" form="op.deviceInputForm">Continue</button></main>`,
    );
  },

  async userCodeConfirmSource(
    ctx: KoaContextWithOIDC,
    form: string,
    client: { clientId: string; clientName?: string | undefined },
    _deviceInfo: unknown,
    userCode: string,
  ): Promise<void> {
    ctx.type = 'html';
    ctx.body = page(
      'Confirm device',
      `<main data-device-page="confirm"><h1>Confirm device</h1>
<p><strong>${escapeHtml(client.clientName ?? client.clientId)}</strong> shows the code
<code>${escapeHtml(userCode)}</code>?</p>${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button></main>`,
    );
  },

  async successSource(ctx: KoaContextWithOIDC): Promise<void> {
    ctx.type = 'html';
    ctx.body = page(
      'Device signed in',
      '<main data-device-page="success"><h1>Done</h1><p>Your device is signed in. You may close this page.</p></main>',
    );
  },
};

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
