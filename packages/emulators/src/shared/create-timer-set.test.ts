import { createTimerSet } from './create-timer-set.js';

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

describe('createTimerSet', () => {
  it('delay(ms) resolves after ms, and at once for 0', async () => {
    const timers = createTimerSet();
    const started = Date.now();

    await timers.delay(0);
    await timers.delay(50);

    // A timer never fires early; how late it may be is the machine's business, not this test's.
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('clearAll() cancels pending timers and ignores later ones: nothing runs, nothing resolves', async () => {
    const timers = createTimerSet();
    const ran: string[] = [];
    timers.setTimeout(() => ran.push('before'), 10);
    const pending = timers.delay(10);

    timers.clearAll();
    timers.setTimeout(() => ran.push('after'), 0);

    expect(await settled(pending)).toBe(false);
    expect(await settled(timers.delay(0))).toBe(false);
    expect(ran).toEqual([]);
  });
});
