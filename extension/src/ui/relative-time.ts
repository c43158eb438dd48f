const UNITS: [unit: Intl.RelativeTimeFormatUnit, ms: number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "in 5 minutes", "3 hours ago", "now": the largest whole unit of `targetMs - nowMs`. */
export function formatRelative(targetMs: number, nowMs: number, locale = 'en'): string {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  if (abs < 1000) return 'now';
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.trunc(diff / size), unit);
  }
  return 'now';
}

/** A live countdown: `14:59`, `1:02:03`, `2d 3h`; `expired` once `remainingMs` is not positive. */
export function formatCountdown(remainingMs: number): string {
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

/** An absolute date in ISO 8601 form (UTC), unambiguous for a developer. */
export function formatDate(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString().replace('.000Z', 'Z');
}
