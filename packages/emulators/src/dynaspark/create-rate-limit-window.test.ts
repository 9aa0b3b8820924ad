import { createRateLimitWindow } from './create-rate-limit-window.js';

describe('createRateLimitWindow', () => {
  it('counts down, never below zero, and starts again after the window', () => {
    let now = 1_000_000;
    const window = createRateLimitWindow({ limit: 2, windowMs: 60_000, now: () => now });

    expect(window.take()).toEqual({ limit: 2, remaining: 1, resetAt: 1060 });
    expect(window.take().remaining).toBe(0);
    expect(window.take().remaining).toBe(0);
    now += 60_000;
    expect(window.take()).toEqual({ limit: 2, remaining: 1, resetAt: 1120 });
  });

  it('reset() gives the whole quota back', () => {
    const window = createRateLimitWindow({ limit: 5, windowMs: 1000 });
    window.take();
    window.take();
    window.reset();

    expect(window.take().remaining).toBe(4);
  });
});
