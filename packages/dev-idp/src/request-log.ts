import type { DevIdpEndpoint } from './tamper.js';

export interface DevIdpRequestEntry {
  endpoint: DevIdpEndpoint;
  method: string;
  path: string;
  grantType?: string;
  tokenTypeHint?: string;
  /** The request's `Origin` header, when a browser sent one. */
  origin?: string;
  /**
   * `true` on `GET /auth/:uid`: oidc-provider sending the browser back to itself after its login or
   * consent page. Not an authorization request of the client's, so {@link DevIdpRequestLog.count}
   * leaves it out.
   */
  resume?: true;
  /** An authorization request's query string (`?client_id=…`), as the browser sent it. */
  query?: string;
  /** `Date.now()` when it arrived. */
  at: number;
}

/** What the server received, so tests can count requests at the server (not at the client). */
export class DevIdpRequestLog {
  readonly entries: DevIdpRequestEntry[] = [];

  record(entry: DevIdpRequestEntry): void {
    this.entries.push(entry);
  }

  /**
   * Requests to `endpoint`, of `grantType` when given (token endpoint). Preflights (`OPTIONS`) are
   * never recorded and resumes (`resume: true`) are not counted: `count('authorization')` is the
   * number of authorization requests the client sent.
   */
  count(endpoint: DevIdpEndpoint, grantType?: string): number {
    return this.entries.filter(
      (e) =>
        e.endpoint === endpoint &&
        !e.resume &&
        (grantType === undefined || e.grantType === grantType),
    ).length;
  }

  /** The entries for `endpoint`, resumes included. */
  list(endpoint: DevIdpEndpoint): DevIdpRequestEntry[] {
    return this.entries.filter((e) => e.endpoint === endpoint);
  }

  reset(): void {
    this.entries.length = 0;
  }
}
