import { bearerToken } from '../ui/jwt.js';
import type { HarEntryLike } from './devtools-host.js';

/** A request of the inspected page that carried `Authorization: Bearer`. */
export interface BearerRequest {
  /** Stable key for the list. */
  key: string;
  method: string;
  url: string;
  status: number;
  startedAt: number;
  durationMs: number;
  token: string;
}

/** The bearer request in a HAR entry, or `undefined` when it carried no bearer token. @see RFC 6750 §2.1 */
export function bearerRequestFromHar(entry: HarEntryLike, seq: number): BearerRequest | undefined {
  const header = entry.request.headers.find((h) => h.name.toLowerCase() === 'authorization');
  const token = header === undefined ? undefined : bearerToken(header.value);
  if (token === undefined) return undefined;
  const startedAt = Date.parse(entry.startedDateTime);
  return {
    key: `${seq}`,
    method: entry.request.method,
    url: entry.request.url,
    status: entry.response.status,
    startedAt: Number.isNaN(startedAt) ? Date.now() : startedAt,
    durationMs: Math.max(0, Math.round(entry.time)),
    token,
  };
}
