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

  it("unref's its timers: a pending retry delay never keeps the process alive", () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;

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
