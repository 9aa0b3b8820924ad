/**
 * What a metric registered in a prom-client registry hands it at scrape time: prom-client's own
 * shape (`MetricObjectWithValues`), which its registry turns into the exposition text.
 */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { value: number; labels: Readonly<Record<string, string | number>>; metricName?: string }[];
}
