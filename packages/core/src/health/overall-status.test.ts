import { describe, expect, it } from '@jest/globals';
import type { HealthStatus } from './health-report.js';
import { overallStatus } from './overall-status.js';

describe('overallStatus', () => {
  it.each<[HealthStatus[], HealthStatus]>([
    [[], 'unknown'],
    [['unknown'], 'unknown'],
    [['unknown', 'unknown'], 'unknown'],
    [['healthy'], 'healthy'],
    [['healthy', 'unknown'], 'healthy'],
    [['down'], 'down'],
    [['down', 'down'], 'down'],
    [['down', 'unknown'], 'degraded'],
    [['down', 'healthy'], 'degraded'],
    [['degraded'], 'degraded'],
    [['healthy', 'degraded', 'unknown'], 'degraded'],
  ])('%j -> %s', (statuses, expected) => {
    expect(overallStatus(statuses)).toBe(expected);
  });
});
