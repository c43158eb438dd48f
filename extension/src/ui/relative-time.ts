const UNITS: [unit: Intl.RelativeTimeFormatUnit, ms: number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * The largest time value a JavaScript `Date` holds: ±8.64e15 ms, 100 000 000 days either side of
 * 1970. @see ECMA-262 §21.4.1.22 (TimeClip)
 */
export const MAX_DATE_MS = 8.64e15;

/**
 * Whether `ms` is a time a `Date` can hold. Times in the UI come from untrusted places (a JWT's
 * `exp` in inspected traffic, a server's `expires_in`): every formatter checks this first, so that
 * `1e306` or `Infinity` is shown as out of range instead of throwing a `RangeError` while rendering.
 */
export function isValidTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** What the formatters say of a time no `Date` can hold. */
export const OUT_OF_RANGE = 'out of range';

/**
 * "in 5 minutes", "3 hours ago", "now": the largest whole unit of `targetMs - nowMs`;
 * {@link OUT_OF_RANGE} when either is not a valid time.
 */
export function formatRelative(targetMs: number, nowMs: number, locale = 'en'): string {
  if (!isValidTime(targetMs) || !isValidTime(nowMs)) return OUT_OF_RANGE;
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 1000) return 'now';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.trunc(diff / size), unit);
  }
  return 'now';
}

/**
 * A live countdown: `14:59`, `1:02:03`, `2d 3h`; `expired` once `remainingMs` is not positive,
 * {@link OUT_OF_RANGE} when it is not a finite number.
 */
export function formatCountdown(remainingMs: number): string {
  if (Number.isNaN(remainingMs) || remainingMs === Infinity) return OUT_OF_RANGE;
  if (remainingMs <= 0) return 'expired';
  const total = Math.ceil(remainingMs / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}:${pad(minutes)}:${pad(seconds)}`;
  return `${minutes}:${pad(seconds)}`;
}

/** An absolute date in ISO 8601 form (UTC), unambiguous for a developer; `invalid date` otherwise. */
export function formatDate(ms: number): string {
  if (!isValidTime(ms)) return 'invalid date';
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * An absolute date as a person reads it, in the browser's language ("1 Dec 2026, 09:30");
 * `invalid date` for a time no `Date` holds. Pages for users show this; the devtools panel keeps
 * {@link formatDate}.
 */
export function formatHumanDate(ms: number, locale?: string): string {
  if (!isValidTime(ms)) return 'invalid date';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** What a countdown to `expiresAt` shows at `nowMs` (see `Countdown`). */
export type CountdownView =
  | { kind: 'none'; text: string }
  | { kind: 'invalid'; text: string; title: string }
  | { kind: 'live'; text: string; expired: boolean; dateTime: string; title: string };

/**
 * The countdown to an expiry: none given, a time no `Date` holds (e.g. a huge `expires_in` from a
 * server), or live ("expires in 14:59" / "expired").
 */
export function countdownView(expiresAt: number | undefined | null, nowMs: number): CountdownView {
  if (expiresAt === undefined || expiresAt === null)
    return { kind: 'none', text: 'no expiry given' };
  if (!isValidTime(expiresAt) || !isValidTime(nowMs)) {
    return {
      kind: 'invalid',
      text: 'expiry out of range',
      title: `The expiry (${String(expiresAt)} ms) is not a date`,
    };
  }
  const remaining = expiresAt - nowMs;
  const expired = remaining <= 0;
  return {
    kind: 'live',
    text: expired ? 'expired' : `expires in ${formatCountdown(remaining)}`,
    expired,
    dateTime: new Date(expiresAt).toISOString(),
    title: formatDate(expiresAt),
  };
}

/**
 * A JWT NumericDate (seconds since the epoch, RFC 7519 §2) for display: its date and its time
 * relative to `nowMs`, or `undefined` when it is no valid date (`1e306`, a fraction beyond range).
 */
export function numericDateView(
  seconds: number,
  nowMs: number,
): { date: string; relative: string } | undefined {
  const ms = seconds * 1000;
  if (!isValidTime(ms)) return undefined;
  return { date: formatDate(ms), relative: formatRelative(ms, nowMs) };
}
