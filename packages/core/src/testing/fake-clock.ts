import type { Clock } from '../orchestration/clock.js';

/** A {@link Clock} that moves only when told to: for tests of retries, timeouts, cooldowns and health checks. */
export interface FakeClock extends Clock {
  /** Moves time forward, firing due timers in order (and letting their promise reactions run in between). */
  advance(ms: number): Promise<void>;
  /** Timers scheduled and not yet fired or cleared. */
  pending(): number;
}

/** Creates a {@link FakeClock} starting at `start` (epoch ms). */
export function createFakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let dueId: number | undefined;
        let dueAt = Infinity;
        for (const [id, timer] of timers) {
          if (timer.at <= target && timer.at < dueAt) {
            dueAt = timer.at;
            dueId = id;
          }
        }
        if (dueId === undefined) break;
        const timer = timers.get(dueId)!;
        timers.delete(dueId);
        now = timer.at;
        timer.callback();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
