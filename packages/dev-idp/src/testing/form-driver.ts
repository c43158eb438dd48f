/**
 * A tiny browser stand-in for driving oidc-provider's devInteractions and device-flow pages over
 * HTTP in Node tests: a cookie jar, manual redirects, and HTML form submission.
 */
export class CookieJar {
  readonly #cookies = new Map<string, Map<string, string>>();

  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq < 1) continue;
      const jar = this.#cookies.get(url.host) ?? new Map<string, string>();
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      this.#cookies.set(url.host, jar);
    }
  }

  header(url: URL): string {
    const jar = this.#cookies.get(url.host);
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }
}

export interface HtmlForm {
  action: URL;
  fields: URLSearchParams;
}

/** The forms of an HTML page with their hidden and pre-filled inputs. Enough for oidc-provider's pages. */
export function parseForms(html: string, base: URL): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const action = /action="([^"]*)"/i.exec(match[1]!)?.[1] ?? base.href;
    const fields = new URLSearchParams();
    for (const input of match[2]!.matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/i.exec(input[1]!)?.[1];
      const value = /value="([^"]*)"/i.exec(input[1]!)?.[1] ?? '';
      if (name) fields.set(name, decodeEntities(value));
    }
    forms.push({ action: new URL(decodeEntities(action), base), fields });
  }
  return forms;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export class HttpBrowser {
  readonly jar = new CookieJar();

  /** One request, no redirect followed. */
  async request(
    url: URL,
    init: { method?: string; form?: URLSearchParams } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form && { body: init.form.toString() }),
      signal: AbortSignal.timeout(10_000),
    });
    this.jar.store(url, response);
    return response;
  }
}

/** The request after a page: a link to follow, or a form to submit. */
export interface NextRequest {
  url: URL;
  form?: URLSearchParams;
}

/** How {@link driveIdp} ends a drive and answers each page of the IdP. */
export interface Drive<T> {
  /** Named in errors (the helper that drives). */
  name: string;
  browser: HttpBrowser;
  /** At most this many requests (default 20). */
  maxSteps?: number;
  /** A redirect from `from` to `next`: what the drive returns when it leaves there, else `undefined` (follow it). */
  redirect(next: URL, from: URL): T | undefined;
  /** A page of the IdP (status under 400): what the drive returns when it ends there, else the next request. */
  page(html: string, url: URL): { done: T } | NextRequest;
}

/**
 * Drives `drive.browser` through the IdP's pages from `start` as a user would, until it leaves:
 * follows redirects (without fetching the one that leaves) and makes the request each page's
 * handler picks. A page answered with 400 or more is an error, with the start of the page.
 */
export async function driveIdp<T>(start: URL, drive: Drive<T>): Promise<T> {
  let url = start;
  let form: URLSearchParams | undefined;
  for (let step = 0; step < (drive.maxSteps ?? 20); step++) {
    const response = await drive.browser.request(url, form ? { form } : {});
    form = undefined;
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      const left = drive.redirect(next, url);
      if (left !== undefined) return left;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status >= 400)
      throw new Error(
        `dev IdP answered ${response.status} at ${url.pathname}: ${html.slice(0, 300)}`,
      );
    const answer = drive.page(html, url);
    if ('done' in answer) return answer.done;
    url = answer.url;
    form = answer.form;
  }
  throw new Error(`${drive.name}: too many steps`);
}
