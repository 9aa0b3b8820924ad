import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { closeOnSignals } from './close-on-signals.js';

describe('closeOnSignals', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  it('closes the target once on SIGTERM or SIGINT, and stops listening when disposed', async () => {
    const close = jest.fn(async () => {});
    dispose = closeOnSignals({ close }, { exit: false });

    process.emit('SIGTERM');
    process.emit('SIGINT');
    await Promise.resolve();

    expect(close).toHaveBeenCalledTimes(1);
    dispose();
    dispose = undefined;
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });

  it('exits with 0 once closed, 1 when closing failed, and at once on a second signal', async () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      let finish: () => void = () => {};
      dispose = closeOnSignals({ close: () => new Promise<void>((resolve) => (finish = resolve)) });
      process.emit('SIGTERM');
      process.emit('SIGTERM');
      expect(exit).toHaveBeenLastCalledWith(1);
      finish();
      await new Promise((resolve) => setImmediate(resolve));
      expect(exit).toHaveBeenLastCalledWith(0);
      dispose();

      dispose = closeOnSignals({ close: async () => Promise.reject(new Error('stuck')) });
      process.emit('SIGINT');
      await new Promise((resolve) => setImmediate(resolve));
      expect(exit).toHaveBeenLastCalledWith(1);
    } finally {
      exit.mockRestore();
    }
  });
});
