import { bearerToken } from '../ui/jwt.js';
import { isValidTime } from '../ui/relative-time.js';
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
  // The entry describes the inspected page's traffic: numbers are checked, not trusted.
  const startedAt = Date.parse(String(entry.startedDateTime));
  const status = Number(entry.response.status);
  const time = Number(entry.time);
  return {
    key: `${seq}`,
    method: String(entry.request.method),
    url: String(entry.request.url),
    status: Number.isInteger(status) && status >= 0 && status < 1000 ? status : 0,
    startedAt: isValidTime(startedAt) ? startedAt : Date.now(),
    durationMs: Number.isFinite(time) ? Math.max(0, Math.round(time)) : 0,
    token,
  };
}
