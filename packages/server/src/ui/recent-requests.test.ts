import { describe, expect, it } from '@jest/globals';
import type { RecentRequest } from './dashboard-data.js';
import { RecentRequests } from './recent-requests.js';

const request = (model: string): RecentRequest => ({ seq: 0, at: 0, route: 'chat', model, stream: false, status: 200, attempts: [] });

describe('RecentRequests', () => {
  it('numbers the requests and lists them oldest first', () => {
    const recent = new RecentRequests(5);
    expect(recent.after()).toEqual([]);
    for (const model of ['a', 'b', 'c']) recent.add(request(model));

    expect(recent.after().map(({ seq, model }) => `${seq}:${model}`)).toEqual(['1:a', '2:b', '3:c']);
    expect(recent.after(2).map(({ model }) => model)).toEqual(['c']);
    expect(recent.after(3)).toEqual([]);
    expect(recent.lastSeq).toBe(3);
  });

  it('keeps only the last `capacity`, so a reader far behind gets what is left', () => {
    const recent = new RecentRequests(3);
    for (const model of ['a', 'b', 'c', 'd', 'e']) recent.add(request(model));

    expect(recent.after().map(({ model }) => model)).toEqual(['c', 'd', 'e']);
    expect(recent.after(1).map(({ model }) => model)).toEqual(['c', 'd', 'e']);
    expect(recent.after(4).map(({ model }) => model)).toEqual(['e']);
  });
});
