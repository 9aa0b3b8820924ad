import { TrafficWindow } from './traffic-window.js';

describe('TrafficWindow', () => {
  it('summarises success rate and latency percentiles of successful attempts', () => {
    const window = new TrafficWindow(10);
    for (let index = 1; index <= 8; index++) window.record({ ok: true, latencyMs: index * 10, at: 100 });
    window.record({ ok: false, latencyMs: 999, at: 101, errorKind: 'rate-limit', message: '429' });
    window.record({ ok: false, latencyMs: 999, at: 102, errorKind: 'network', message: 'reset' });
    expect(window.summary(0)).toEqual({ attempts: 10, successRate: 0.8, p50Ms: 50, p95Ms: 80 });
    expect(window.lastError).toEqual({ kind: 'network', message: 'reset', at: 102 });
  });

  it('keeps only the last `size` attempts', () => {
    const window = new TrafficWindow(3);
    window.record({ ok: false, latencyMs: 1, at: 1 });
    for (let index = 0; index < 3; index++) window.record({ ok: true, latencyMs: 5, at: 2 });
    expect(window.recent(0)).toEqual({ attempts: 3, successes: 3 });
  });

  it('counts only attempts since a time', () => {
    const window = new TrafficWindow(5);
    window.record({ ok: true, latencyMs: 1, at: 10 });
    window.record({ ok: false, latencyMs: 1, at: 20 });
    expect(window.recent(15)).toEqual({ attempts: 1, successes: 0 });
    expect(window.recent(30)).toEqual({ attempts: 0, successes: 0 });
  });

  it('keeps a smoothed latency for ranking', () => {
    const window = new TrafficWindow(5);
    window.record({ ok: true, latencyMs: 100, at: 1 });
    window.record({ ok: true, latencyMs: 200, at: 2 });
    expect(window.ewmaLatencyMs).toBeCloseTo(120);
  });
});
