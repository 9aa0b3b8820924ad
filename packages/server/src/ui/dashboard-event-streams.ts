import type { ServerResponse } from 'node:http';
import type { Logger } from '@switchboard/core';
import { DASHBOARD_DATA_VERSION, type DashboardUpdate } from './dashboard-data.js';
import type { DashboardReader } from './create-dashboard-reader.js';

/** Options of {@link DashboardEventStreams}. */
export interface DashboardEventStreamsOptions {
  reader: DashboardReader;
  logger: Logger;
  /** Time between two updates. @default 1_000 */
  intervalMs?: number;
  /** Pages listening at once; more are refused. @default 16 */
  maxListeners?: number;
  /** Headers every event stream answers with, besides its content type. */
  headers: Readonly<Record<string, string>>;
}

interface Listener {
  response: ServerResponse;
  /** The newest request this page has. */
  seq: number;
  /** The first traffic bucket the next update must carry again (it may have grown since). */
  trafficSince: number;
  /** Its socket's buffer is full: skip updates until it drains (the next one carries everything since). */
  blocked: boolean;
}

/**
 * The pages listening to `/ui/api/events`: a `snapshot` event when one connects, then an `update`
 * event per interval with what changed since its last one. One timer for all of them, running
 * only while someone listens; a page whose connection cannot keep up skips updates instead of
 * buffering them.
 */
export class DashboardEventStreams {
  readonly #listeners = new Set<Listener>();
  readonly #options: Required<DashboardEventStreamsOptions>;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;

  constructor(options: DashboardEventStreamsOptions) {
    this.#options = { intervalMs: 1_000, maxListeners: 16, ...options };
  }

  get size(): number {
    return this.#listeners.size;
  }

  /** True while another page may connect. */
  get accepting(): boolean {
    return this.#listeners.size < this.#options.maxListeners;
  }

  /** Answers `response` with an event stream: the snapshot now, updates after. */
  async open(response: ServerResponse): Promise<void> {
    const snapshot = await this.#options.reader.snapshot();
    response.writeHead(200, {
      ...this.#options.headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    const listener: Listener = {
      response,
      seq: this.#lastSeq(snapshot.requests),
      trafficSince: lastBucket(snapshot.at, snapshot.traffic.bucketMs),
      blocked: false,
    };
    response.on('close', () => this.#remove(listener));
    if (response.destroyed) return;
    this.#listeners.add(listener);
    this.#send(listener, 'snapshot', snapshot);
    this.#timer ??= setInterval(() => void this.#tick(), this.#options.intervalMs);
    // Background work nobody awaits: it must not keep a host's process alive.
    this.#timer.unref();
  }

  /** Ends every stream (the gateway is closing: open streams would hold its connections). */
  closeAll(): void {
    for (const listener of this.#listeners) listener.response.end();
    this.#listeners.clear();
    this.#stop();
  }

  #lastSeq(requests: readonly { seq: number }[]): number {
    return requests.at(-1)?.seq ?? 0;
  }

  #remove(listener: Listener): void {
    this.#listeners.delete(listener);
    if (this.#listeners.size === 0) this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      const { reader } = this.#options;
      const { at, gateway, providers } = await reader.state();
      for (const listener of this.#listeners) {
        if (listener.blocked) continue;
        const traffic = reader.traffic(at, listener.trafficSince);
        const requests = reader.requestsAfter(listener.seq);
        const update: DashboardUpdate = { version: DASHBOARD_DATA_VERSION, at, gateway, providers, traffic, requests };
        listener.seq = this.#lastSeq(requests) || listener.seq;
        listener.trafficSince = lastBucket(at, traffic.bucketMs);
        this.#send(listener, 'update', update);
      }
    } catch (error) {
      // The registry was closed under the gateway (its owner shuts down): nothing more to show.
      this.#options.logger.debug({ err: error }, 'dashboard update failed');
    } finally {
      this.#ticking = false;
    }
  }

  #send(listener: Listener, event: string, data: unknown): void {
    const { response } = listener;
    if (response.destroyed || response.writableEnded) return;
    if (!response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)) {
      listener.blocked = true;
      response.once('drain', () => {
        listener.blocked = false;
      });
    }
  }
}

/** The start of the bucket holding `at`. */
const lastBucket = (at: number, bucketMs: number) => Math.floor(at / bucketMs) * bucketMs;
