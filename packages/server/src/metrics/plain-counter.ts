import { type LabelValues, LabelledCells } from './labelled-cells.js';
import type { MetricSnapshot } from './metric-snapshot.js';

/** Options of {@link PlainCounter}. */
export interface PlainCounterOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
}

/**
 * A labelled Prometheus counter counted in plain JavaScript: a request's update is a map lookup
 * and an addition, where prom-client's `inc` validates and hashes its labels object on every call
 * (~2 µs a request for the gateway's five updates). It is registered in a prom-client registry,
 * which reads {@link get} at scrape time and writes the same exposition as a prom-client `Counter`
 * fed the same updates.
 */
export class PlainCounter {
  readonly name: string;
  readonly help: string;
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly #series: LabelledCells<{ labels: LabelValues; value: number }>;

  constructor({ name, help, labelNames }: PlainCounterOptions) {
    this.name = name;
    this.help = help;
    this.#series = new LabelledCells(labelNames, (labels) => ({ labels, value: 0 }));
  }

  inc(labels: LabelValues): void {
    this.#series.of(labels).value += 1;
  }

  /** Forgets every series (prom-client's registry calls this on `resetMetrics()`). */
  reset(): void {
    this.#series.clear();
  }

  get(): MetricSnapshot {
    const values = this.#series.values().map(({ labels, value }) => ({ value, labels }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
