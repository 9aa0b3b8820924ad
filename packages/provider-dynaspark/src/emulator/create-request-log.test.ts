import { createRequestLog } from './create-request-log.js';
import type { RecordedRequest } from './recorded-request.js';

const request = (n: number): RecordedRequest => ({
  method: 'GET',
  url: `/${n}`,
  path: `/${n}`,
  headers: {},
  contentType: '',
  fields: {},
  receivedAt: n,
});

describe('createRequestLog', () => {
  it('lists requests oldest first and drops the oldest past the capacity', () => {
    const log = createRequestLog({ capacity: 3 });
    for (let n = 1; n <= 5; n++) log.add(request(n));

    expect(log.list().map((entry) => entry.url)).toEqual(['/3', '/4', '/5']);
  });

  it('returns a copy, and clear() empties it', () => {
    const log = createRequestLog({ capacity: 3 });
    log.add(request(1));
    const listed = log.list();
    log.clear();
    log.add(request(2));

    expect(listed.map((entry) => entry.url)).toEqual(['/1']);
    expect(log.list().map((entry) => entry.url)).toEqual(['/2']);
  });
});
