import { useEffect, useState } from 'preact/hooks';

export interface CountdownProps {
  /** Epoch milliseconds. */
  until: number;
}

/** Seconds left until `until`, ticking every second. */
export function Countdown({ until }: CountdownProps) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((until - now) / 1000));
  return <span data-testid="expires-in">{seconds} s</span>;
}
