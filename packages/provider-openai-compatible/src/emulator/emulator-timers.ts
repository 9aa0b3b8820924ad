/** Delays that `close()` can cut short, so a closing emulator leaves no timer behind. */
export interface EmulatorTimers {
  /** Resolves after `ms`, or at once when the timers are cleared. */
  wait(ms: number): Promise<void>;
  /** Cancels every pending wait (they resolve). */
  clear(): void;
}

export function createEmulatorTimers(): EmulatorTimers {
  const pending = new Map<NodeJS.Timeout, () => void>();
  return {
    wait(ms) {
      if (ms <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          resolve();
        }, ms);
        pending.set(timer, resolve);
      });
    },
    clear() {
      for (const [timer, resolve] of pending) {
        clearTimeout(timer);
        resolve();
      }
      pending.clear();
    },
  };
}
