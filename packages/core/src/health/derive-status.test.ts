import { DEFAULT_HEALTH } from './health-options.js';
import { deriveStatus, type StatusEvidence } from './derive-status.js';

const now = 1_000_000;
const evidence = (overrides: Partial<StatusEvidence>): StatusEvidence => ({
  now,
  probe: undefined,
  traffic: { attempts: 0, successes: 0, lastAt: undefined },
  circuit: 'closed',
  options: DEFAULT_HEALTH,
  ...overrides,
});

describe('deriveStatus', () => {
  it('is unknown without evidence', () => {
    expect(deriveStatus(evidence({}))).toEqual({ status: 'unknown', source: 'none' });
  });

  it('follows a fresh probe: ok is healthy, slow is degraded, failed is down', () => {
    expect(deriveStatus(evidence({ probe: { ok: true, latencyMs: 40, at: now } }))).toEqual({ status: 'healthy', source: 'probe' });
    expect(deriveStatus(evidence({ probe: { ok: true, latencyMs: 20_000, at: now } }))).toEqual({ status: 'degraded', source: 'probe' });
    expect(deriveStatus(evidence({ probe: { ok: false, latencyMs: 5, at: now } }))).toEqual({ status: 'down', source: 'probe' });
  });

  it('ignores a stale probe', () => {
    expect(deriveStatus(evidence({ probe: { ok: false, latencyMs: 5, at: now - DEFAULT_HEALTH.staleAfterMs - 1 } })).status).toBe('unknown');
  });

  it('judges traffic by success rate once there are enough samples', () => {
    expect(deriveStatus(evidence({ traffic: { attempts: 4, successes: 0, lastAt: now } })).status).toBe('unknown');
    expect(deriveStatus(evidence({ traffic: { attempts: 10, successes: 10, lastAt: now } }))).toEqual({ status: 'healthy', source: 'traffic' });
    expect(deriveStatus(evidence({ traffic: { attempts: 10, successes: 7, lastAt: now } })).status).toBe('degraded');
    expect(deriveStatus(evidence({ traffic: { attempts: 10, successes: 3, lastAt: now } })).status).toBe('down');
  });

  it('lets the more recent of probe and traffic decide', () => {
    const probe = { ok: true, latencyMs: 10, at: now - 1000 };
    expect(deriveStatus(evidence({ probe, traffic: { attempts: 10, successes: 0, lastAt: now } }))).toEqual({ status: 'down', source: 'traffic' });
    expect(deriveStatus(evidence({ probe, traffic: { attempts: 10, successes: 0, lastAt: now - 2000 } }))).toEqual({ status: 'healthy', source: 'probe' });
  });

  it('calls an open circuit down, whatever else says', () => {
    expect(deriveStatus(evidence({ circuit: 'open', probe: { ok: true, latencyMs: 1, at: now } })).status).toBe('down');
  });
});
