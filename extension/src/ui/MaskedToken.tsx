import { useState } from 'preact/hooks';
import { CopyButton } from './CopyButton.js';
import { maskToken } from './mask.js';

export interface MaskedTokenProps {
  token: string;
  /** e.g. "access token"; names the buttons. */
  label: string;
}

/** A token shown masked until the developer asks to reveal it. */
export function MaskedToken({ token, label }: MaskedTokenProps) {
  const [revealed, setRevealed] = useState(false);
  return (
    <span class="masked-token">
      <code class={revealed ? 'token revealed' : 'token'} data-testid={`${label} value`}>
        {revealed ? token : maskToken(token)}
      </code>
      <button
        type="button"
        class="small"
        aria-pressed={revealed}
        onClick={() => setRevealed(!revealed)}
      >
        {revealed ? `Hide ${label}` : `Reveal ${label}`}
      </button>
      <CopyButton text={token} label={`Copy ${label}`} />
    </span>
  );
}
