import { countdownView } from './relative-time.js';
import { useNow } from './use-now.js';

export interface CountdownProps {
  /** Epoch ms; undefined when the server sent no expiry. Untrusted: may be out of range. */
  expiresAt: number | undefined;
}

/** A live countdown to an expiry, with the absolute date as its tooltip. */
export function Countdown({ expiresAt }: CountdownProps) {
  const view = countdownView(expiresAt, useNow());
  if (view.kind === 'none') return <span class="muted">{view.text}</span>;
  if (view.kind === 'invalid')
    return (
      <span class="countdown invalid bad" title={view.title}>
        {view.text}
      </span>
    );
  return (
    <time
      class={view.expired ? 'countdown expired' : 'countdown'}
      dateTime={view.dateTime}
      title={view.title}
      data-expires-at={expiresAt}
    >
      {view.text}
    </time>
  );
}
