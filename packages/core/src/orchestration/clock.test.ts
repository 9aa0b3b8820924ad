import { describe, expect, it } from '@jest/globals';
import { systemClock } from './clock.js';

describe('systemClock', () => {
  it('runs callbacks after the delay, and clearTimeout cancels them', async () => {
    const ran: string[] = [];
    systemClock.setTimeout(() => ran.push('kept'), 5);
    systemClock.clearTimeout(systemClock.setTimeout(() => ran.push('cleared'), 1));

    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(ran).toEqual(['kept']);
  });

  it('keeps the process alive while a timer someone awaits is pending (a retry back-off, an attempt timeout)', () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;

    expect(handle.hasRef()).toBe(true);
    systemClock.clearTimeout(handle);
  });

  it("unref's only background timers (periodic health checks), which nobody awaits", () => {
    const handle = systemClock.setTimeout(() => {}, 60_000, { background: true }) as NodeJS.Timeout;

    expect(handle.hasRef()).toBe(false);
    systemClock.clearTimeout(handle);
  });

  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();

    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
