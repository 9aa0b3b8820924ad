import { useState } from 'preact/hooks';
import type { DashboardSnapshot, TrafficSeries } from '../../../src/ui/dashboard-data.js';
import { Chart, type ChartLine } from './chart.js';

const PALETTE = ['#2f6fdf', '#e0662b', '#2a9d5c', '#a34fc4', '#c9a227', '#d43f6b', '#3fa7b5', '#7a7a7a'];
const PERCENTILE_COLORS = { p50: '#2a9d5c', p95: '#e0662b', p99: '#d43f6b' };
const ALL = '(all)';

const providerName = (series: TrafficSeries) => (series.provider === '' ? 'no provider' : series.provider);

/** The Traffic view: requests, errors, latency, time to first chunk and tokens over the last minutes, per provider. */
export function TrafficView({ data }: { data: DashboardSnapshot }) {
  const { traffic } = data;
  const [selected, setSelected] = useState(ALL);
  const seconds = traffic.bucketMs / 1000;
  // Each provider keeps its colour in every chart.
  const colorOf = (series: TrafficSeries) => PALETTE[traffic.providers.indexOf(series) % PALETTE.length]!;
  const perProvider = (values: (series: TrafficSeries) => (number | null)[], which = traffic.providers): ChartLine[] =>
    which.map((series) => ({ label: providerName(series), color: colorOf(series), values: values(series) }));
  const tried = traffic.providers.filter((series) => series.attempts.some((count) => count > 0));
  const focus = traffic.providers.find((series) => series.provider === selected) ?? traffic.total;
  const percentiles = (p50: (number | null)[], p95: (number | null)[], p99: (number | null)[]): ChartLine[] => [
    { label: 'p50', color: PERCENTILE_COLORS.p50, values: p50 },
    { label: 'p95', color: PERCENTILE_COLORS.p95, values: p95 },
    { label: 'p99', color: PERCENTILE_COLORS.p99, values: p99 },
  ];
  const rate = (count: number, of: number) => (of === 0 ? null : Math.round((count / of) * 1000) / 10);

  return (
    <section class="view" data-view="traffic">
      <p class="muted">
        {data.gateway.store.kind === 'shared' ? "This replica's traffic (each replica counts its own): the" : 'The'} last{' '}
        {Math.round(traffic.windowMs / 60_000)} minutes in {seconds}-second buckets. Percentiles are within 10%.{' '}
        <label>
          Latency of{' '}
          <select value={selected} onChange={(event) => setSelected((event.target as HTMLSelectElement).value)} data-control="traffic-provider">
            <option value={ALL}>all requests</option>
            {traffic.providers.map((series) => (
              <option key={series.provider} value={series.provider}>
                {providerName(series)}
              </option>
            ))}
          </select>
        </label>
      </p>
      <div class="charts">
        <Chart
          title="Requests per second"
          unit=""
          at={traffic.at}
          lines={perProvider((series) => series.requests.map((count) => Math.round((count / seconds) * 100) / 100))}
        />
        <Chart
          title="Failed attempts (% of attempts)"
          unit="%"
          at={traffic.at}
          lines={perProvider((series) => series.failedAttempts.map((failed, index) => rate(failed, series.attempts[index]!)), tried)}
          sparse
        />
        <Chart
          title={`Latency (${selected === ALL ? 'all requests' : selected})`}
          unit=" ms"
          at={traffic.at}
          lines={percentiles(focus.latencyP50Ms, focus.latencyP95Ms, focus.latencyP99Ms)}
          sparse
        />
        <Chart
          title={`Time to first chunk, streams (${selected === ALL ? 'all requests' : selected})`}
          unit=" ms"
          at={traffic.at}
          lines={percentiles(focus.firstChunkP50Ms, focus.firstChunkP95Ms, focus.firstChunkP99Ms)}
          sparse
        />
        <Chart
          title="Tokens per minute"
          unit=""
          at={traffic.at}
          lines={perProvider((series) => series.tokens.map((count) => Math.round((count * 60) / seconds)))}
        />
        <Chart
          title="Error answers (% of requests)"
          unit="%"
          at={traffic.at}
          lines={[
            { label: 'all requests', color: PALETTE[5]!, values: traffic.total.errors.map((errors, index) => rate(errors, traffic.total.requests[index]!)) },
          ]}
          sparse
        />
      </div>
    </section>
  );
}
