import { parseRetryAfter } from './parse-retry-after.js';

const now = Date.parse('2025-01-15T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads Retry-After in seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0' }), now)).toBe(0);
  });

  it('reads decimal seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  });

  it('reads an HTTP date, relative to now', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 15 Jan 2025 12:00:30 GMT' }), now)).toBe(30_000);
  });

  it('reads the obsolete RFC 850 date format too', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wednesday, 15-Jan-25 12:00:05 GMT' }), now)).toBe(5000);
  });

  it('waits 0 ms for a date in the past', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 15 Jan 2025 11:59:00 GMT' }), now)).toBe(0);
  });

  it('reads retry-after-ms first', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '7' }), now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '0' }), now)).toBe(0);
  });

  it('falls back to Retry-After when retry-after-ms is unusable', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': 'soon', 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '-5', 'retry-after': '2' }), now)).toBe(2000);
  });

  it('trims white space', () => {
    expect(parseRetryAfter({ get: (name) => (name === 'retry-after' ? '  3 ' : null) }, now)).toBe(3000);
  });

  it('is undefined without either header', () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '' }), now)).toBeUndefined();
  });

  it.each(['soon', 'tomorrow', '120s', '1e3', '-1', '1,5', 'abc 5', 'x 2024', '2 minutes'])('is undefined for garbage: %j', (value) => {
    expect(parseRetryAfter(new Headers({ 'retry-after': value }), now)).toBeUndefined();
  });

  it('uses the real clock when no now is given', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const delay = parseRetryAfter(new Headers({ 'retry-after': inTenSeconds }));

    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(10_000);
  });
});
