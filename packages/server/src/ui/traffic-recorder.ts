import type { AttemptRecord } from '@switchboard/core';
import type { DashboardTraffic, TrafficSeries } from './dashboard-data.js';
import { HISTOGRAM_BINS, histogramBin, histogramPercentile } from './log-histogram.js';

/** Options of {@link TrafficRecorder}. */
export interface TrafficRecorderOptions {
  /** Width of one bucket. @default 5_000 */
  bucketMs?: number;
  /** Buckets kept: the window is `bucketMs * buckets`. @default 120 (10 minutes) */
  buckets?: number;
}

// Per bucket: five counters, then the latency histogram, then the first-chunk histogram.
const REQUESTS = 0;
const ERRORS = 1;
const ATTEMPTS = 2;
const FAILED_ATTEMPTS = 3;
const TOKENS = 4;
const LATENCY = 5;
const FIRST_CHUNK = LATENCY + HISTOGRAM_BINS;
const STRIDE = FIRST_CHUNK + HISTOGRAM_BINS;
const MAX_COUNT = 0xffff_ffff;

/**
 * One provider's (or the total's) buckets in a ring: a flat Uint32Array made once, so recording
 * allocates nothing, and a bucket is cleared when the ring comes round to it again.
 */
class SeriesRing {
  readonly counts: Uint32Array;
  /** Which bucket (time / bucketMs) each slot holds; -1 for none yet. */
  readonly epochs: Float64Array;

  constructor(readonly size: number) {
    this.counts = new Uint32Array(size * STRIDE);
    this.epochs = new Float64Array(size).fill(-1);
  }

  /** The offset of the bucket `epoch` in `counts`, cleared first if the slot held an older bucket. */
  slot(epoch: number): number {
    const index = epoch % this.size;
    const offset = index * STRIDE;
    if (this.epochs[index] !== epoch) {
      this.counts.fill(0, offset, offset + STRIDE);
      this.epochs[index] = epoch;
    }
    return offset;
  }

  /** The offset of bucket `epoch`, or -1 when the ring does not hold it (no traffic then). */
  find(epoch: number): number {
    const index = epoch % this.size;
    return this.epochs[index] === epoch ? index * STRIDE : -1;
  }
}

/**
 * Requests per provider over the last minutes, for the dashboard's charts: counts, errors,
 * attempts, tokens and latency histograms in fixed time buckets. Recording is O(1) (plus one step
 * per attempt of the request) and allocates nothing once a provider's ring exists; percentiles
 * are computed only when the page reads them.
 */
export class TrafficRecorder {
  readonly bucketMs: number;
  readonly buckets: number;
  readonly #total: SeriesRing;
  readonly #providers = new Map<string, SeriesRing>();

  constructor({ bucketMs = 5_000, buckets = 120 }: TrafficRecorderOptions = {}) {
    this.bucketMs = bucketMs;
    this.buckets = buckets;
    this.#total = new SeriesRing(buckets);
  }

  /**
   * One request that ended at `at` (epoch ms). `provider` is the one that answered ('' for none);
   * every attempt of its trail counts on the provider it was made on.
   */
  record(
    at: number,
    provider: string,
    status: number,
    latencyMs: number | undefined,
    firstChunkMs: number | undefined,
    tokens: number,
    attempts: readonly AttemptRecord[] | undefined,
  ): void {
    const epoch = Math.floor(at / this.bucketMs);
    this.#add(this.#total, epoch, status, latencyMs, firstChunkMs, tokens);
    this.#add(this.#ring(provider), epoch, status, latencyMs, firstChunkMs, tokens);
    if (attempts === undefined) return;
    for (const attempt of attempts) {
      if (attempt.outcome === 'skipped') continue;
      const ring = this.#ring(attempt.provider);
      const offset = ring.slot(epoch);
      ring.counts[offset + ATTEMPTS]!++;
      if (attempt.outcome === 'error') ring.counts[offset + FAILED_ATTEMPTS]!++;
    }
  }

  /** The buckets of the window ending at `now`, or only those starting at or after `since`. */
  read(now: number, since = Number.NEGATIVE_INFINITY): DashboardTraffic {
    const last = Math.floor(now / this.bucketMs);
    const first = Math.max(last - this.buckets + 1, Math.ceil(since / this.bucketMs));
    const at: number[] = [];
    for (let epoch = first; epoch <= last; epoch++) at.push(epoch * this.bucketMs);
    const providers: TrafficSeries[] = [];
    for (const [provider, ring] of this.#providers) {
      // A provider idle for the whole window leaves the charts.
      let seen = false;
      for (let epoch = last - this.buckets + 1; epoch <= last && !seen; epoch++) seen = ring.find(epoch) !== -1;
      if (seen) providers.push(readSeries(provider, ring, first, last));
    }
    providers.sort((a, b) => a.provider.localeCompare(b.provider));
    return { bucketMs: this.bucketMs, windowMs: this.bucketMs * this.buckets, at, total: readSeries('', this.#total, first, last), providers };
  }

  #ring(provider: string): SeriesRing {
    let ring = this.#providers.get(provider);
    if (!ring) this.#providers.set(provider, (ring = new SeriesRing(this.buckets)));
    return ring;
  }

  #add(ring: SeriesRing, epoch: number, status: number, latencyMs: number | undefined, firstChunkMs: number | undefined, tokens: number): void {
    const { counts } = ring;
    const offset = ring.slot(epoch);
    counts[offset + REQUESTS]!++;
    if (status >= 400) counts[offset + ERRORS]!++;
    if (tokens > 0) counts[offset + TOKENS] = Math.min(counts[offset + TOKENS]! + tokens, MAX_COUNT);
    if (latencyMs !== undefined) counts[offset + LATENCY + histogramBin(latencyMs)]!++;
    if (firstChunkMs !== undefined) counts[offset + FIRST_CHUNK + histogramBin(firstChunkMs)]!++;
  }
}

/** A series with no bucket yet. */
export function emptyTrafficSeries(provider: string): TrafficSeries {
  return {
    provider,
    requests: [],
    errors: [],
    attempts: [],
    failedAttempts: [],
    latencyP50Ms: [],
    latencyP95Ms: [],
    latencyP99Ms: [],
    firstChunkP50Ms: [],
    firstChunkP95Ms: [],
    firstChunkP99Ms: [],
    tokens: [],
  };
}

function readSeries(provider: string, ring: SeriesRing, first: number, last: number): TrafficSeries {
  const series = emptyTrafficSeries(provider);
  const { counts } = ring;
  for (let epoch = first; epoch <= last; epoch++) {
    const offset = ring.find(epoch);
    const count = (field: number) => (offset === -1 ? 0 : counts[offset + field]!);
    const percentile = (histogram: number, quantile: number) => (offset === -1 ? null : histogramPercentile(counts, offset + histogram, quantile));
    series.requests.push(count(REQUESTS));
    series.errors.push(count(ERRORS));
    series.attempts.push(count(ATTEMPTS));
    series.failedAttempts.push(count(FAILED_ATTEMPTS));
    series.tokens.push(count(TOKENS));
    series.latencyP50Ms.push(percentile(LATENCY, 0.5));
    series.latencyP95Ms.push(percentile(LATENCY, 0.95));
    series.latencyP99Ms.push(percentile(LATENCY, 0.99));
    series.firstChunkP50Ms.push(percentile(FIRST_CHUNK, 0.5));
    series.firstChunkP95Ms.push(percentile(FIRST_CHUNK, 0.95));
    series.firstChunkP99Ms.push(percentile(FIRST_CHUNK, 0.99));
  }
  return series;
}
