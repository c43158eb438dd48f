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
