import type { TamperHook } from '../tamper.js';
import {
  driveIdp,
  HttpBrowser,
  parseForms,
  type HtmlForm,
  type NextRequest,
} from './form-driver.js';

export interface LoginOptions {
  /** The login name; any name is an account (`sub`). Default: the `login_hint`, else `alice`. */
  login?: string;
  /** Abort at the first page (login or consent): the flow ends with `access_denied`. */
  deny?: boolean;
  /** `false`: log in, then refuse at the consent page (`access_denied`). Default `true`. */
  consent?: boolean;
  /** Reuse a browser (cookies: the IdP session) across flows. */
  browser?: HttpBrowser;
  /**
   * The client's redirect URI, where the flow ends. Default: the URL's `redirect_uri`, else (a
   * pushed request, RFC 9126, whose URL carries only `request_uri`) the IdP's `/callback`.
   */
  redirectUri?: string;
  /** Filled with the prompts answered on the way (`login`, `consent`), in order. */
  prompts?: string[];
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
  const redirectUri =
    options.redirectUri ??
    new URL(authorizationUrl).searchParams.get('redirect_uri') ??
    `${idpOrigin}/callback`;
  const isCallback = (next: URL) =>
    next.origin !== idpOrigin || next.href.split(/[?#]/)[0] === redirectUri.split(/[?#]/)[0];
  return driveIdp(new URL(authorizationUrl), {
    name: 'loginOverHttp',
    browser,
    redirect: (next) => (isCallback(next) ? next.href : undefined),
    page: (html, url) => {
      const forms = parseForms(html, url);
      // oidc-provider ends the IdP session of the account logged in before (another account logs in
      // over it) with a form a script submits at once: submit it as the browser would.
      if (/document\.forms\[0\]\.submit\(\)/.test(html) && forms[0]) {
        return { url: forms[0].action, form: forms[0].fields };
      }
      return pickInteraction(forms, url, options);
    },
  });
}

function pickInteraction(forms: HtmlForm[], page: URL, options: LoginOptions): NextRequest {
  const submit = forms.find((f) => f.fields.has('prompt'));
  if (!submit) throw new Error(`loginOverHttp: no interaction form at ${page.pathname}`);
  const prompt = submit.fields.get('prompt');
  if (prompt) options.prompts?.push(prompt);
  // devInteractions' "[ Abort ]" link: GET /interaction/:uid/abort.
  if (options.deny || (prompt === 'consent' && options.consent === false))
    return { url: new URL(`${page.pathname.replace(/\/$/, '')}/abort`, page) };
  if (prompt === 'login') {
    submit.fields.set('login', options.login ?? (submit.fields.get('login') || 'alice'));
    submit.fields.set('password', 'any');
  }
  return { url: submit.action, form: submit.fields };
}

export interface ApproveDeviceOptions {
  /** The login name; any name is an account (`sub`). Default `alice`. */
  login?: string;
  /** Abort at the code confirmation page: the device's next poll gets `access_denied`. */
  deny?: boolean;
  /** Reuse a browser (cookies: the IdP session) across flows. */
  browser?: HttpBrowser;
}

/** The user code and the IdP (its issuer, or anything with one) it was issued by. */
export interface DeviceCodeTarget {
  idp: string | { issuer: string };
  userCode: string;
}

/**
 * Plays the user of RFC 8628 §3.3: opens `verification_uri_complete` (or the verification page, and
 * types the user code), confirms the code, logs in and consents (or aborts with `deny`). Resolves once
 * the IdP shows its success or aborted page; rejects when the IdP refuses the code.
 * @see RFC 8628 §3.3 (user interaction)
 */
export async function approveDeviceCode(
  target: string | DeviceCodeTarget,
  options: ApproveDeviceOptions = {},
): Promise<void> {
  const browser = options.browser ?? new HttpBrowser();
  let url: URL;
  let typed: string | undefined;
  if (typeof target === 'string') url = new URL(target);
  else {
    const issuer = typeof target.idp === 'string' ? target.idp : target.idp.issuer;
    url = new URL(`${issuer.replace(/\/$/, '')}/device`);
    typed = target.userCode;
  }
  const idpOrigin = url.origin;
  await driveIdp<true>(url, {
    name: 'approveDeviceCode',
    browser,
    redirect(next) {
      if (next.origin !== idpOrigin)
        throw new Error(`approveDeviceCode: left the IdP for ${next.href}`);
      return undefined;
    },
    page(html, url) {
      // The dev IdP's device pages (src/device-pages.ts) mark which page this is and what failed.
      const devicePage = /data-device-page="([a-z]+)"/.exec(html)?.[1];
      const error = /data-error="([^"]*)"/.exec(html)?.[1];
      if (devicePage === 'success') return { done: true };
      if (error === 'AbortedError' && options.deny) return { done: true };
      if (error) throw new Error(`approveDeviceCode: the IdP refused the user code (${error})`);
      const forms = parseForms(html, url);
      if (forms.some((f) => f.fields.has('prompt'))) return pickInteraction(forms, url, options);
      const device = forms.find((f) => f.fields.has('xsrf'));
      if (!device) throw new Error(`approveDeviceCode: unexpected page at ${url.pathname}`);
      if (!device.fields.get('user_code')) {
        if (typed === undefined) throw new Error('approveDeviceCode: no user code to enter');
        device.fields.set('user_code', typed);
      }
      if (options.deny) device.fields.set('abort', 'yes');
      else device.fields.set('confirm', 'yes');
      return { url: device.action, form: device.fields };
    },
  });
}

/**
 * Plays the user at the end-session endpoint (OpenID Connect RP-Initiated Logout 1.0 §2): opens
 * the URL, confirms "Yes, sign me out" on oidc-provider's logout page, and returns where the IdP
 * sends the browser then: the `post_logout_redirect_uri` (with `state`) or its own success page.
 * Use the `browser` that signed in, so that its session cookie is the one that ends.
 */
export async function endSessionOverHttp(
  endSessionUrl: string,
  options: { browser?: HttpBrowser } = {},
): Promise<string> {
  const browser = options.browser ?? new HttpBrowser();
  return driveIdp(new URL(endSessionUrl), {
    name: 'endSessionOverHttp',
    browser,
    maxSteps: 10,
    redirect: (next, from) =>
      next.origin !== from.origin || !next.pathname.startsWith('/session/end')
        ? next.href
        : undefined,
    page(html, url) {
      if (url.pathname.endsWith('/success')) return { done: url.href };
      const confirm = parseForms(html, url).find((f) => f.fields.has('xsrf'));
      if (!confirm) throw new Error(`endSessionOverHttp: no logout form at ${url.pathname}`);
      // The page's "Yes, sign me out" button: `logout=yes` with the form's xsrf.
      confirm.fields.set('logout', 'yes');
      return { url: confirm.action, form: confirm.fields };
    },
  });
}

export { HttpBrowser } from './form-driver.js';

/**
 * Holds the next `refresh_token` grants at `idp` until `open()`: `reached` resolves when the first
 * arrives. Lets a test act while a refresh is under way (stop a worker, queue a sign-out, close the
 * refreshing tab) without guessing how long it takes.
 */
export function holdRefresh(idp: { setTamper(hook: TamperHook | undefined): void }): {
  reached: Promise<void>;
  open: () => void;
} {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  idp.setTamper(async (req) => {
    if (req.endpoint !== 'token' || req.grantType !== 'refresh_token') return undefined;
    arrived();
    await gate;
    return undefined;
  });
  return { reached, open };
}
