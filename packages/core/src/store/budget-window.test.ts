import type { BudgetRequest } from './budget.js';
import { BudgetWindow, pickRefusal, shareOf } from './budget-window.js';

let next = 0;
const request = (now: number, limits: BudgetRequest['limits'], tokens = 10): BudgetRequest => ({
  budget: 'provider:groq',
  limits,
  id: `r${++next}`,
  tokens,
  now,
  holdMs: 30_000,
  onStoreDown: 'local-share',
});

describe('BudgetWindow', () => {
  it('lets rpm requests through in any 60 seconds, and says when the next one fits', () => {
    const window = new BudgetWindow();
    expect(window.reserve(request(0, { rpm: 2 }))).toEqual({ granted: true, local: false });
    expect(window.reserve(request(10_000, { rpm: 2 })).granted).toBe(true);
    expect(window.reserve(request(20_000, { rpm: 2 }))).toEqual({
      granted: false,
      limit: 'rpm',
      used: 2,
      max: 2,
      retryAfterMs: 40_000,
      reason: 'exhausted',
    });
    // Sliding, not fixed: the first request leaves the window exactly 60 s after it was made.
    expect(window.reserve(request(59_999, { rpm: 2 })).granted).toBe(false);
    expect(window.reserve(request(60_000, { rpm: 2 })).granted).toBe(true);
    expect(window.reserve(request(60_001, { rpm: 2 }))).toMatchObject({ granted: false, retryAfterMs: 9_999 });
  });

  it('counts tokens against tpm; settling replaces the estimate with the real count', () => {
    const window = new BudgetWindow();
    const first = request(0, { tpm: 100 }, 60);
    expect(window.reserve(first).granted).toBe(true);
    expect(window.reserve(request(1_000, { tpm: 100 }, 50))).toMatchObject({ granted: false, limit: 'tpm', used: 60, max: 100, retryAfterMs: 59_000 });
    window.settle(first.id, 20, 2_000);
    expect(window.reserve(request(2_000, { tpm: 100 }, 50)).granted).toBe(true);
    expect(window.use({ tpm: 100, rpm: 5 }, 2_000)).toEqual({ tpm: { used: 70, limit: 100, resetsAt: 60_000 }, rpm: { used: 2, limit: 5, resetsAt: 60_000 } });
  });

  it('waits for as many of the oldest requests as free the tokens needed', () => {
    const window = new BudgetWindow();
    window.reserve(request(0, { tpm: 100 }, 30));
    window.reserve(request(10_000, { tpm: 100 }, 30));
    window.reserve(request(20_000, { tpm: 100 }, 30));
    // 90 used, 70 wanted: 60 must leave, which the first two do at 70 s.
    expect(window.reserve(request(30_000, { tpm: 100 }, 70))).toMatchObject({ granted: false, retryAfterMs: 40_000 });
  });

  it('refuses a request larger than the whole tpm budget as never fitting', () => {
    expect(new BudgetWindow().reserve(request(0, { tpm: 100 }, 101))).toMatchObject({
      granted: false,
      limit: 'tpm',
      reason: 'too-large',
      retryAfterMs: undefined,
    });
  });

  it('holds a concurrency slot until settled, or until its hold runs out', () => {
    const window = new BudgetWindow();
    const first = request(0, { concurrency: 1 });
    expect(window.reserve(first).granted).toBe(true);
    expect(window.reserve(request(1, { concurrency: 1 }))).toMatchObject({ granted: false, limit: 'concurrency', used: 1, retryAfterMs: undefined });
    window.settle(first.id, 10, 2);
    expect(window.reserve(request(3, { concurrency: 1 })).granted).toBe(true);
    // Never settled (its replica died): given back after holdMs.
    expect(window.reserve(request(30_002, { concurrency: 1 })).granted).toBe(false);
    expect(window.reserve(request(30_003, { concurrency: 1 })).granted).toBe(true);
  });

  it('is all or nothing: a refused request counts against no limit', () => {
    const window = new BudgetWindow();
    window.reserve(request(0, { rpm: 10, tpm: 100 }, 100));
    expect(window.reserve(request(1, { rpm: 10, tpm: 100 }, 1)).granted).toBe(false);
    expect(window.use({ rpm: 10, tpm: 100 }, 2)).toEqual({ rpm: { used: 1, limit: 10, resetsAt: 60_000 }, tpm: { used: 100, limit: 100, resetsAt: 60_000 } });
    expect(window.isEmpty(60_000)).toBe(true);
  });

  it('keeps time order when a clock steps back', () => {
    const window = new BudgetWindow();
    window.reserve(request(10_000, { rpm: 2 }));
    window.reserve(request(5_000, { rpm: 2 }));
    expect(window.reserve(request(10_000, { rpm: 2 }))).toMatchObject({ retryAfterMs: 55_000 });
  });
});

describe('pickRefusal', () => {
  const base = { granted: false as const, used: 1, max: 1, reason: 'exhausted' as const };
  it('reports the limit that fits last, one that never fits first', () => {
    expect(
      pickRefusal([
        { ...base, limit: 'rpm', retryAfterMs: 5 },
        { ...base, limit: 'tpm', retryAfterMs: 9 },
      ]).limit,
    ).toBe('tpm');
    expect(
      pickRefusal([
        { ...base, limit: 'concurrency', retryAfterMs: undefined },
        { ...base, limit: 'rpm', retryAfterMs: 5 },
      ]).limit,
    ).toBe('rpm');
    expect(
      pickRefusal([
        { ...base, limit: 'rpm', retryAfterMs: 5 },
        { ...base, limit: 'tpm', retryAfterMs: undefined, reason: 'too-large' },
      ]).limit,
    ).toBe('tpm');
  });
});

describe('shareOf', () => {
  it('gives each replica limit / replicas, at least 1', () => {
    expect(shareOf({ rpm: 20, tpm: 60_000, concurrency: 2 }, 3)).toEqual({ rpm: 6, tpm: 20_000, concurrency: 1 });
    expect(shareOf({ rpm: 20 }, 0)).toEqual({ rpm: 20 });
  });
});
