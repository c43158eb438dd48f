import { formatCountdown, formatDate } from './relative-time.js';
import { useNow } from './use-now.js';

export interface CountdownProps {
  /** Epoch ms; undefined when the server sent no expiry. */
  expiresAt: number | undefined;
}

/** A live countdown to an expiry, with the absolute date as its tooltip. */
export function Countdown({ expiresAt }: CountdownProps) {
  const now = useNow();
  if (expiresAt === undefined) return <span class="muted">no expiry given</span>;
  const remaining = expiresAt - now;
  return (
    <time
      class={remaining <= 0 ? 'countdown expired' : 'countdown'}
      dateTime={new Date(expiresAt).toISOString()}
      title={formatDate(expiresAt)}
      data-expires-at={expiresAt}
    >
      {remaining <= 0 ? 'expired' : `expires in ${formatCountdown(remaining)}`}
    </time>
  );
}
