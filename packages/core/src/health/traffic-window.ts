import type { ErrorKind } from '../errors/error-kind.js';
import type { HealthError, TrafficSummary } from './health-report.js';

/**
 * The last `size` attempts of one provider+model, in a ring buffer: O(1) to record, so watching
 * live traffic costs the hot path nothing noticeable. Percentiles are computed only on demand.
 */
export class TrafficWindow {
  readonly #ok: Uint8Array;
  readonly #latency: Float64Array;
  readonly #at: Float64Array;
  #next = 0;
  #count = 0;
  #successes = 0;
  lastError: HealthError | undefined;
  lastAt: number | undefined;
  /** Exponentially weighted latency of successful attempts (ms): cheap to keep, good enough to rank by. */
  ewmaLatencyMs: number | undefined;

  constructor(readonly size: number) {
    this.#ok = new Uint8Array(size);
    this.#latency = new Float64Array(size);
    this.#at = new Float64Array(size);
  }

  record({ ok, latencyMs, at, errorKind, message }: { ok: boolean; latencyMs: number; at: number; errorKind?: ErrorKind; message?: string }): void {
    if (this.#count === this.size) this.#successes -= this.#ok[this.#next]!;
    else this.#count++;
    this.#ok[this.#next] = ok ? 1 : 0;
    this.#latency[this.#next] = latencyMs;
    this.#at[this.#next] = at;
    this.#next = (this.#next + 1) % this.size;
    if (ok) {
      this.#successes++;
      this.ewmaLatencyMs = this.ewmaLatencyMs === undefined ? latencyMs : this.ewmaLatencyMs * 0.8 + latencyMs * 0.2;
    } else this.lastError = { kind: errorKind ?? 'unknown', message: message ?? 'failed', at };
    this.lastAt = at;
  }

  /** Forgets the recorded attempts: the circuit closed again, so the old failures no longer describe the provider. */
  reset(): void {
    this.#next = 0;
    this.#count = 0;
    this.#successes = 0;
  }

  /** Attempts and successes recorded since `since` (epoch ms). */
  recent(since: number): { attempts: number; successes: number } {
    if (this.#count === 0 || (this.lastAt !== undefined && this.lastAt < since)) return { attempts: 0, successes: 0 };
    let attempts = 0;
    let successes = 0;
    for (let index = 0; index < this.#count; index++) {
      if (this.#at[index]! >= since) {
        attempts++;
        successes += this.#ok[index]!;
      }
    }
    return { attempts, successes };
  }

  summary(since: number): TrafficSummary {
    const latencies: number[] = [];
    let attempts = 0;
    let successes = 0;
    for (let index = 0; index < this.#count; index++) {
      if (this.#at[index]! < since) continue;
      attempts++;
      if (this.#ok[index]) {
        successes++;
        latencies.push(this.#latency[index]!);
      }
    }
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : undefined);
    return { attempts, successRate: attempts ? successes / attempts : undefined, p50Ms: percentile(0.5), p95Ms: percentile(0.95) };
  }
}
