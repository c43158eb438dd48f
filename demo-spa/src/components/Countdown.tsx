import { useEffect, useState } from 'preact/hooks';

export interface CountdownProps {
  /** Epoch milliseconds. */
  until: number;
}

/**
 * Whole seconds left until `until`, ticking every second. The clock is read at each render (a tick
 * only asks for one), and rounded down: a new token never shows more than its lifetime, even when
 * the ticks were slowed down (a background tab) or the token changed between two.
 */
export function Countdown({ until }: CountdownProps) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((until - Date.now()) / 1000));
  return <span data-testid="expires-in">{seconds} s</span>;
}
