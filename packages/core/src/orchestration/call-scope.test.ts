import { TimeoutError } from '../errors/timeout-error.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { CallScope } from './call-scope.js';

describe('CallScope', () => {
  it('says to stop with a deadline TimeoutError once the deadline has passed', async () => {
    const clock = createFakeClock();
    const scope = new CallScope({ clock, callerSignal: undefined, deadlineMs: 5_000 });

    await clock.advance(4_999);
    expect(scope.stopReason()).toBeUndefined();
    expect(scope.remainingMs()).toBe(1);
    await clock.advance(1);

    const reason = scope.stopReason();
    expect(TimeoutError.isInstance(reason)).toBe(true);
    expect(reason).toMatchObject({ phase: 'deadline', timeoutMs: 5_000 });
    expect(scope.callerAborted).toBe(false);
    expect(scope.remainingMs()).toBe(0);
  });

  it("says to stop with the caller's own reason, told apart from the deadline", () => {
    const controller = new AbortController();
    const scope = new CallScope({ clock: createFakeClock(), callerSignal: controller.signal, deadlineMs: 5_000 });
    const reason = new DOMException('user left', 'AbortError');

    controller.abort(reason);

    expect(scope.stopReason()).toBe(reason);
    expect(scope.callerAborted).toBe(true);
  });

  it('schedules nothing: a call that succeeds at once leaves no timer behind', () => {
    const clock = createFakeClock();
    const scope = new CallScope({ clock, callerSignal: new AbortController().signal, deadlineMs: 5_000 });

    expect(clock.pending()).toBe(0);
    expect(scope.deadline).toEqual({ at: clock.now() + 5_000, ms: 5_000 });
  });
});
