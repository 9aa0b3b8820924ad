import { describe, expect, it, jest } from '@jest/globals';
import { AttemptCancellation } from './attempt-cancellation.js';

describe('AttemptCancellation', () => {
  it('tells its listeners the reason once, and forgets the ones removed', () => {
    const cancellation = new AttemptCancellation();
    const heard = jest.fn();
    const removed = jest.fn();
    cancellation.addListener(heard);
    cancellation.addListener(removed);
    cancellation.removeListener(removed);
    const reason = new Error('too slow');

    cancellation.abort(reason);
    cancellation.abort(new Error('again'));

    expect(cancellation).toMatchObject({ aborted: true, reason });
    expect(heard).toHaveBeenCalledTimes(1);
    expect(heard).toHaveBeenCalledWith(reason);
    expect(removed).not.toHaveBeenCalled();
  });

  it('is not aborted, and has no reason, until it is', () => {
    const cancellation = new AttemptCancellation();

    expect(cancellation.aborted).toBe(false);
    expect(cancellation.reason).toBeUndefined();
    expect(cancellation.signal.aborted).toBe(false);
  });

  it('builds its signal on first read, the same one each time, and aborts it with the reason', () => {
    const cancellation = new AttemptCancellation();
    const signal = cancellation.signal;
    const onAbort = jest.fn();
    signal.addEventListener('abort', onAbort);
    const reason = new Error('caller left');

    cancellation.abort(reason);

    expect(cancellation.signal).toBe(signal);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(onAbort).toHaveBeenCalledTimes(1);
  });

  it('gives a signal read after the abort already aborted, with the reason', () => {
    const cancellation = new AttemptCancellation();
    const reason = new Error('deadline');
    cancellation.abort(reason);

    expect(cancellation.signal.aborted).toBe(true);
    expect(cancellation.signal.reason).toBe(reason);
  });

  it('never calls a listener added after the abort (as an AbortSignal never fires twice)', () => {
    const cancellation = new AttemptCancellation();
    cancellation.abort(new Error('gone'));
    const late = jest.fn();

    cancellation.addListener(late);
    cancellation.abort(new Error('again'));

    expect(late).not.toHaveBeenCalled();
  });

  it('still tells every listener when one throws, and reports the throw on the next tick (as an EventTarget does)', () => {
    const cancellation = new AttemptCancellation();
    const broken = new Error('listener bug');
    const after = jest.fn();
    cancellation.addListener(() => {
      throw broken;
    });
    cancellation.addListener(after);
    const scheduled: (() => void)[] = [];
    const nextTick = jest.spyOn(process, 'nextTick').mockImplementation((callback) => void scheduled.push(callback as () => void));

    try {
      cancellation.abort(new Error('stop'));
    } finally {
      nextTick.mockRestore();
    }

    expect(after).toHaveBeenCalledTimes(1);
    expect(scheduled).toHaveLength(1);
    expect(() => scheduled[0]!()).toThrow(broken);
  });
});
