import type { LatchkeyMode } from '@latchkey/web';

export interface SignInPanelProps {
  mode: LatchkeyMode;
  /** A sign-in is under way (the buttons wait for it). */
  busy: boolean;
  /** Runs `signIn` synchronously in the click, so that the popup may open. */
  onSignIn: () => void;
  onRedirect: () => void;
  /** The session could not be read: try again. */
  onRetry?: () => void;
}

/** Sign-in buttons. */
export function SignInPanel({ mode, busy, onSignIn, onRedirect, onRetry }: SignInPanelProps) {
  return (
    <section aria-busy={busy}>
      <h2>Signed out</h2>
      <button class="primary" data-testid="sign-in" disabled={busy} onClick={onSignIn}>
        {busy ? 'Signing in…' : `Sign in${mode === 'page' ? ' (popup)' : ''}`}
      </button>
      {mode === 'page' && (
        <button data-testid="sign-in-redirect" disabled={busy} onClick={onRedirect}>
          Sign in (redirect)
        </button>
      )}
      {onRetry && (
        <button data-testid="retry" disabled={busy} onClick={onRetry}>
          Try again
        </button>
      )}
    </section>
  );
}
