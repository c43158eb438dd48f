import type { DevIdpEndpoint } from './tamper.js';

export interface DevIdpRequestEntry {
  endpoint: DevIdpEndpoint;
  method: string;
  path: string;
  grantType?: string;
  tokenTypeHint?: string;
  origin?: string;
  at: number;
}

/** What the server received, so tests can count requests at the server (not at the client). */
export class DevIdpRequestLog {
  readonly entries: DevIdpRequestEntry[] = [];

  record(entry: DevIdpRequestEntry): void {
    this.entries.push(entry);
  }

  /** Requests to `endpoint`, of `grantType` when given (token endpoint). */
  count(endpoint: DevIdpEndpoint, grantType?: string): number {
    return this.entries.filter(
      (e) => e.endpoint === endpoint && (grantType === undefined || e.grantType === grantType),
    ).length;
  }

  reset(): void {
    this.entries.length = 0;
  }
}
