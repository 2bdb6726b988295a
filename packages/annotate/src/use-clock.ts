import { useEffect, useState } from 'react';

/** Re-renders every `intervalMs` (0: never), for the elapsed-time and speed display. */
export function useClock(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => setTick((t) => t + 1), intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [intervalMs]);
  return tick;
}
