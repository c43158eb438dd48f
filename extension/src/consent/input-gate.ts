import { useEffect, useState } from 'preact/hooks';

/**
 * How long the consent window must have been visible and focused before its buttons take input.
 * A site can open the window under the pointer and have the person's second click (of a
 * double-click, or of a "click here twice" game) land on "Allow": the delay makes such a click hit a
 * disabled button. @see https://owasp.org/www-community/attacks/Clickjacking
 */
export const CONSENT_INPUT_DELAY_MS = 800;

/** How often the window's state is looked at while waiting (events also reset it at once). */
export const INPUT_GATE_POLL_MS = 100;

export interface InputGate {
  /**
   * Records whether the window is visible and focused now; returns whether it has been so,
   * without a break, for at least the delay.
   */
  observe(active: boolean): boolean;
  /** The window lost focus or was hidden: the delay starts again from the next active moment. */
  reset(): void;
}

/** The input delay as a small state machine over a clock (pure: tested without a browser). */
export function createInputGate(delayMs: number, clock: () => number): InputGate {
  let activeSince: number | undefined;
  return {
    observe(active) {
      if (!active) {
        activeSince = undefined;
        return false;
      }
      const now = clock();
      activeSince ??= now;
      return now - activeSince >= delayMs;
    },
    reset() {
      activeSince = undefined;
    },
  };
}

/** Whether this document is shown and has the focus. */
function windowActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * `true` once the page has been visible and focused for `delayMs` without a break; back to `false`
 * at once on `blur` or when it is hidden, and the delay starts over.
 */
export function useInputGate(delayMs: number = CONSENT_INPUT_DELAY_MS): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const gate = createInputGate(delayMs, () => performance.now());
    const check = () => setReady(gate.observe(windowActive()));
    const lost = () => {
      gate.reset();
      setReady(false);
    };
    const visibility = () => (document.visibilityState === 'visible' ? check() : lost());
    check();
    const timer = setInterval(check, INPUT_GATE_POLL_MS);
    window.addEventListener('blur', lost);
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', visibility);
    return () => {
      clearInterval(timer);
      window.removeEventListener('blur', lost);
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [delayMs]);
  return ready;
}
