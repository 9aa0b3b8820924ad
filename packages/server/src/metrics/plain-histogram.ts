import { type LabelValues, LabelledCells } from './labelled-cells.js';
import type { MetricSnapshot } from './metric-snapshot.js';

/** Options of {@link PlainHistogram}. */
export interface PlainHistogramOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Upper bounds, ascending (`+Inf` is implied). */
  buckets: readonly number[];
}

interface Series {
  labels: LabelValues;
  /** Observations per bucket, not cumulative (the exposition adds them up). */
  counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A labelled Prometheus histogram observed in plain JavaScript (see `PlainCounter` for why):
 * at scrape time it hands the registry the same buckets, sum and count, in the same order, as a
 * prom-client `Histogram` fed the same observations (a value above every bound counts in `+Inf`
 * only, as there).
 */
export class PlainHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #buckets: readonly number[];
  readonly #series: LabelledCells<Series>;

  constructor({ name, help, labelNames, buckets }: PlainHistogramOptions) {
    this.name = name;
    this.help = help;
    this.#buckets = buckets;
    this.#series = new LabelledCells(labelNames, (labels) => ({ labels, counts: new Float64Array(buckets.length), sum: 0, count: 0 }));
  }

  observe(labels: LabelValues, value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`${this.name}: a value to observe must be a finite number, got ${value}`);
    const series = this.#series.of(labels);
    const buckets = this.#buckets;
    for (let index = 0; index < buckets.length; index++) {
      if (value <= buckets[index]!) {
        series.counts[index]! += 1;
        break;
      }
    }
    series.sum += value;
    series.count += 1;
  }

  /** Forgets every series (prom-client's registry calls this on `resetMetrics()`). */
  reset(): void {
    this.#series.clear();
  }

  get(): MetricSnapshot {
    const bucketName = `${this.name}_bucket`;
    const values: MetricSnapshot['values'] = [];
    for (const { labels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      for (const [index, bound] of this.#buckets.entries()) {
        cumulative += counts[index]!;
        values.push({ value: cumulative, labels: { le: bound, ...labels }, metricName: bucketName });
      }
      values.push(
        { value: count, labels: { le: '+Inf', ...labels }, metricName: bucketName },
        { value: sum, labels, metricName: `${this.name}_sum` },
        { value: count, labels, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
