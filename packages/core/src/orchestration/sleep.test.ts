import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { systemClock } from './clock.js';
import { sleep } from './sleep.js';

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
});

afterEach(() => {
  jest.useRealTimers();
});

function settled(promise: Promise<unknown>) {
  const state: { done: boolean; error?: unknown } = { done: false };
  promise.then(
    () => (state.done = true),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe('sleep', () => {
  it('resolves after exactly ms on the clock', async () => {
    const state = settled(sleep(1_000, { clock: systemClock }));

    await jest.advanceTimersByTimeAsync(999);
    expect(state.done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(state).toEqual({ done: true });
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason as soon as it aborts, and clears its timer", async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const state = settled(sleep(60_000, { clock: systemClock, signal: controller.signal }));
    expect(jest.getTimerCount()).toBe(1);

    controller.abort(reason);
    await Promise.resolve();

    expect(state).toEqual({ done: true, error: reason });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('removes its abort listener once the time is up (a later abort changes nothing)', async () => {
    const controller = new AbortController();
    const state = settled(sleep(10, { clock: systemClock, signal: controller.signal }));
    await jest.advanceTimersByTimeAsync(10);

    controller.abort(new Error('late'));
    await Promise.resolve();

    expect(state).toEqual({ done: true });
  });

  it('rejects at once, without a timer, when the signal is already aborted', async () => {
    const reason = new Error('already');

    await expect(sleep(1_000, { clock: systemClock, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves at once, without a timer, for 0 or a negative delay', async () => {
    await expect(sleep(0, { clock: systemClock })).resolves.toBeUndefined();
    await expect(sleep(-5, { clock: systemClock })).resolves.toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });
});
