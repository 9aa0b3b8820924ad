import { describe, expect, it } from '@jest/globals';
import { Counter, Histogram, type Metric, Registry } from 'prom-client';
import { PlainCounter } from './plain-counter.js';
import { PlainHistogram } from './plain-histogram.js';

const labelNames = ['route', 'model', 'status'] as const;
const buckets = [0.005, 0.1, 1, 60];
// Label values that a naive joined key would mix up, escapes the exposition must write, a numeric status.
const updates = [
  [{ route: 'chat', model: 'a:1', status: 200 }, 0.002],
  [{ route: 'chat', model: 'a', status: '1:200' }, 0.5],
  [{ route: 'chat', model: 'a:1', status: 200 }, 0.1],
  [{ route: 'messages', model: 'quote " and \\ and \n newline', status: 499 }, 120],
  [{ route: 'chat', model: '', status: 404 }, 0],
  [{ route: 'chat', model: 'a:1', status: 200 }, 61],
  // A status given as text is the same series, as in prom-client.
  [{ route: 'chat', model: 'a:1', status: '200' }, 0.3],
] as const;

/** The exposition text of a registry holding only `metric`. */
async function exposition(metric: object): Promise<string> {
  const registry = new Registry();
  registry.registerMetric(metric as Metric);
  return registry.metrics();
}

describe('PlainCounter and PlainHistogram', () => {
  it("write the exposition prom-client's own counter writes for the same updates", async () => {
    const theirs = new Counter({ name: 'requests_total', help: 'Requests.', labelNames, registers: [] });
    const ours = new PlainCounter({ name: 'requests_total', help: 'Requests.', labelNames });
    for (const [labels] of updates) {
      theirs.inc(labels);
      ours.inc(labels);
    }
    const text = await exposition(ours);
    expect(text).toBe(await exposition(theirs));
    expect(text).toContain('requests_total{route="chat",model="a:1",status="200"} 4');
  });

  it("write the exposition prom-client's own histogram writes for the same observations (a value past every bound only in +Inf)", async () => {
    const theirs = new Histogram({ name: 'seconds', help: 'Time.', labelNames, buckets, registers: [] });
    const ours = new PlainHistogram({ name: 'seconds', help: 'Time.', labelNames, buckets });
    for (const [labels, value] of updates) {
      theirs.observe(labels, value);
      ours.observe(labels, value);
    }
    const text = await exposition(ours);
    expect(text).toBe(await exposition(theirs));
    expect(text).toContain('seconds_bucket{le="60",route="chat",model="a:1",status="200"} 3');
    expect(text).toContain('seconds_bucket{le="+Inf",route="chat",model="a:1",status="200"} 4');
  });

  it('refuse a value that is not a finite number, as prom-client does, and forget everything on reset', async () => {
    const ours = new PlainHistogram({ name: 'seconds', help: 'Time.', labelNames, buckets });
    expect(() => ours.observe({ route: 'chat', model: 'a', status: 200 }, Number.NaN)).toThrow(TypeError);
    ours.observe({ route: 'chat', model: 'a', status: 200 }, 1);
    ours.reset();
    expect(await exposition(ours)).toBe(await exposition(new Histogram({ name: 'seconds', help: 'Time.', labelNames, buckets, registers: [] })));
  });
});
