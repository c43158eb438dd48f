import { HttpBrowser, parseForms, type HtmlForm } from './form-driver.js';

export interface LoginOptions {
  /** The login name; any name is an account (`sub`). Default `alice`. */
  login?: string;
  /** Abort at the login or consent page (the user denies): the flow ends with `access_denied`. */
  deny?: boolean;
  /** Reuse a browser (cookies: the IdP session) across flows. */
  browser?: HttpBrowser;
}

/**
 * Runs an authorization request through oidc-provider's devInteractions pages over HTTP (login, then
 * consent) and returns the final redirect to the client's redirect_uri, without fetching it: the
 * success (`code`, `state`, `iss`) or error (`error`, `error_description`) callback URL.
 */
export async function loginOverHttp(
  authorizationUrl: string,
  options: LoginOptions = {},
): Promise<string> {
  const browser = options.browser ?? new HttpBrowser();
  const idpOrigin = new URL(authorizationUrl).origin;
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  const isCallback = (next: URL) =>
    next.origin !== idpOrigin ||
    (redirectUri !== null && next.href.split(/[?#]/)[0] === redirectUri.split(/[?#]/)[0]);
  let url = new URL(authorizationUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await browser.request(url, form ? { form } : {});
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (isCallback(next)) return next.href;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status >= 400)
      throw new Error(
        `dev IdP answered ${response.status} at ${url.pathname}: ${html.slice(0, 300)}`,
      );
    const page = parseForms(html, url);
    const action = pickInteraction(page, url, options);
    url = action.url;
    form = action.form;
  }
  throw new Error('loginOverHttp: too many steps');
}

function pickInteraction(
  forms: HtmlForm[],
  page: URL,
  options: LoginOptions,
): { url: URL; form?: URLSearchParams } {
  const submit = forms.find((f) => f.fields.has('prompt'));
  if (!submit) throw new Error(`loginOverHttp: no interaction form at ${page.pathname}`);
  if (options.deny) return { url: new URL(`${page.pathname.replace(/\/$/, '')}/abort`, page) };
  if (submit.fields.get('prompt') === 'login') {
    submit.fields.set('login', options.login ?? 'alice');
    submit.fields.set('password', 'any');
  }
  return { url: submit.action, form: submit.fields };
}

export interface ApproveDeviceOptions {
  login?: string;
  deny?: boolean;
  browser?: HttpBrowser;
}

/**
 * Plays the user of RFC 8628 §3.3: opens `verification_uri_complete`, confirms the code, logs in and
 * consents (or aborts with `deny`).
 */
export async function approveDeviceCode(
  verificationUriComplete: string,
  options: ApproveDeviceOptions = {},
): Promise<void> {
  const browser = options.browser ?? new HttpBrowser();
  const idpOrigin = new URL(verificationUriComplete).origin;
  let url = new URL(verificationUriComplete);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await browser.request(url, form ? { form } : {});
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== idpOrigin)
        throw new Error(`approveDeviceCode: left the IdP for ${url.href}`);
      continue;
    }
    const html = await response.text();
    if (response.status >= 400)
      throw new Error(
        `dev IdP answered ${response.status} at ${url.pathname}: ${html.slice(0, 300)}`,
      );
    const forms = parseForms(html, url);
    if (forms.length === 0) return; // the success (or aborted) page
    const interaction = forms.find((f) => f.fields.has('prompt'));
    if (interaction) {
      const next = pickInteraction(forms, url, options);
      url = next.url;
      form = next.form;
      continue;
    }
    const device = forms.find((f) => f.fields.has('xsrf'));
    if (!device) throw new Error(`approveDeviceCode: unexpected page at ${url.pathname}`);
    if (options.deny && device.fields.has('user_code')) device.fields.set('abort', 'yes');
    else device.fields.set('confirm', 'yes');
    url = device.action;
    form = device.fields;
  }
  throw new Error('approveDeviceCode: too many steps');
}

export { HttpBrowser } from './form-driver.js';
