/** Timers that can all be cancelled at once, so close() leaves no pending handle behind. */
export interface TimerSet {
  setTimeout(callback: () => void, ms: number): void;
  /**
   * Resolves after `ms` (at once for 0). Never resolves once the set is cleared: the work waiting on
   * it has nowhere to go, its socket is gone by then.
   */
  delay(ms: number): Promise<void>;
  /** Cancels every pending timer; later timers are ignored. */
  clearAll(): void;
}

export function createTimerSet(): TimerSet {
  const pending = new Set<NodeJS.Timeout>();
  let cleared = false;
  const schedule = (callback: () => void, ms: number): void => {
    if (cleared) return;
    const timer = setTimeout(() => {
      pending.delete(timer);
      callback();
    }, ms);
    pending.add(timer);
  };
  return {
    setTimeout: schedule,
    delay: (ms) => (ms <= 0 && !cleared ? Promise.resolve() : new Promise((resolve) => schedule(resolve, ms))),
    clearAll() {
      cleared = true;
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
