import { useState } from 'preact/hooks';
import type { Latchkey } from '@latchkey/web';
import { describeError } from '../session-model.js';

export interface SignInPanelProps {
  latchkey: Latchkey;
  provider: string;
  onError: (message: string) => void;
}

/** Sign-in buttons. `signIn` runs synchronously in the click so that the popup may open. */
export function SignInPanel({ latchkey, provider, onError }: SignInPanelProps) {
  const [blocked, setBlocked] = useState(false);
  const popup = () => {
    latchkey.signIn(provider).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'popup_blocked') setBlocked(true);
      onError(describeError(err));
    });
  };
  const redirect = () => {
    latchkey
      .signIn(provider, { redirect: true, returnTo: location.pathname + location.search })
      .catch((err: unknown) => onError(describeError(err)));
  };
  return (
    <section>
      <h2>Signed out</h2>
      <button class="primary" data-testid="sign-in" onClick={popup}>
        Sign in{latchkey.mode === 'page' ? ' (popup)' : ''}
      </button>
      {latchkey.mode === 'page' && (
        <button data-testid="sign-in-redirect" onClick={redirect}>
          Sign in (redirect)
        </button>
      )}
      {blocked && <p>The popup was blocked: allow popups, or use “Sign in (redirect)”.</p>}
    </section>
  );
}
