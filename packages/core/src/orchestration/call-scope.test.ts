import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { TimeoutError } from '../errors/timeout-error.js';
import { CallScope } from './call-scope.js';
import { systemClock } from './clock.js';

beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('CallScope', () => {
  it('aborts its signal with a deadline TimeoutError when the deadline passes', async () => {
    const scope = new CallScope({ clock: systemClock, callerSignal: undefined, deadlineMs: 5_000 });

    await jest.advanceTimersByTimeAsync(4_999);
    expect(scope.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    expect(scope.signal.aborted).toBe(true);
    expect(TimeoutError.isInstance(scope.signal.reason)).toBe(true);
    expect(scope.signal.reason).toMatchObject({ phase: 'deadline', timeoutMs: 5_000 });
    expect(scope.callerAborted).toBe(false);
    scope.dispose();
  });

  it("aborts with the caller's own reason, which is told apart from the deadline", () => {
    const controller = new AbortController();
    const scope = new CallScope({ clock: systemClock, callerSignal: controller.signal, deadlineMs: 5_000 });
    const reason = new DOMException('user left', 'AbortError');

    controller.abort(reason);

    expect(scope.signal.reason).toBe(reason);
    expect(scope.callerAborted).toBe(true);
    scope.dispose();
  });

  it('is aborted from the start, with no deadline timer, when the caller already aborted', () => {
    const reason = new Error('too late');

    const scope = new CallScope({ clock: systemClock, callerSignal: AbortSignal.abort(reason), deadlineMs: 5_000 });

    expect(scope.signal.reason).toBe(reason);
    expect(scope.callerAborted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    scope.dispose();
  });

  it('dispose() clears the deadline timer and stops listening to the caller', async () => {
    const controller = new AbortController();
    const scope = new CallScope({ clock: systemClock, callerSignal: controller.signal, deadlineMs: 5_000 });
    expect(jest.getTimerCount()).toBe(1);

    scope.dispose();
    expect(jest.getTimerCount()).toBe(0);
    controller.abort(new Error('after the call'));
    await jest.advanceTimersByTimeAsync(10_000);

    expect(scope.signal.aborted).toBe(false);
  });

  it('dispose() can be called twice', () => {
    const scope = new CallScope({ clock: systemClock, callerSignal: undefined, deadlineMs: 5_000 });

    scope.dispose();
    expect(() => scope.dispose()).not.toThrow();
  });
});
