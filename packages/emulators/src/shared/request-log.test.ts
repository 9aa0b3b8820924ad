import { createRequestLog } from './request-log.js';

describe('createRequestLog', () => {
  it('lists entries oldest first and drops the oldest past the capacity', () => {
    const log = createRequestLog<number>({ capacity: 3 });
    for (let n = 1; n <= 5; n++) log.add(n);

    expect(log.list()).toEqual([3, 4, 5]);
  });

  it('returns a copy, and clear() empties it', () => {
    const log = createRequestLog<number>({ capacity: 3 });
    log.add(1);
    const listed = log.list();
    log.clear();
    log.add(2);

    expect(listed).toEqual([1]);
    expect(log.list()).toEqual([2]);
  });
});
