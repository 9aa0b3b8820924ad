import { createFakeClock } from './fake-clock.js';

describe('createFakeClock', () => {
  it('moves only when advanced, firing due timers in time order', async () => {
    const clock = createFakeClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    clock.setTimeout(() => fired.push('late'), 500);
    expect(clock.now()).toBe(1000);
    await clock.advance(250);
    expect(fired).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1250);
    expect(clock.pending()).toBe(1);
  });

  it('fires timers scheduled by other timers within the same advance, and lets promises settle between', async () => {
    const clock = createFakeClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => clock.setTimeout(() => seen.push(clock.now()), 10));
    }, 10);
    await clock.advance(30);
    expect(seen).toEqual([20]);
  });

  it('forgets cleared timers', async () => {
    const clock = createFakeClock(0);
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(handle);
    await clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});
