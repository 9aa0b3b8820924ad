import type { Registry } from '@switchboard/core';
import type { DashboardGateway, DashboardSnapshot, DashboardTraffic, ProviderRow, RecentRequest } from './dashboard-data.js';
import { DASHBOARD_DATA_VERSION } from './dashboard-data.js';
import type { DashboardRecorder } from './dashboard-recorder.js';
import { readProviderRows } from './read-provider-rows.js';

/** What the dashboard's data endpoints read: the state now, and the recorded traffic and requests. */
export interface DashboardReader {
  /** Everything, for the first event and `/ui/api/snapshot`. */
  snapshot(): Promise<DashboardSnapshot>;
  /** The gateway and its providers now (the same for every listener of one tick). */
  state(): Promise<{ at: number; gateway: DashboardGateway; providers: ProviderRow[] }>;
  /** Traffic buckets starting at or after `since` (epoch ms), up to `now`. */
  traffic(now: number, since?: number): DashboardTraffic;
  /** Requests numbered above `seq`, oldest first. */
  requestsAfter(seq: number): RecentRequest[];
}

/** Options of {@link createDashboardReader}. */
export interface DashboardReaderOptions {
  registry: Registry;
  recorder: DashboardRecorder;
  /** API requests being answered now. */
  inFlight(): number;
}

export function createDashboardReader({ registry, recorder, inFlight }: DashboardReaderOptions): DashboardReader {
  const startedAt = Date.now();
  // The registry's catalogue is fixed once it is created.
  let models: string[] | undefined;
  const state = async () => {
    const { providers, store } = await readProviderRows(registry);
    const gateway: DashboardGateway = {
      startedAt,
      inFlight: inFlight(),
      models: (models ??= registry.models().map((model) => model.id)),
      captureContent: recorder.captureContent,
      recentRequestsKept: recorder.requests.capacity,
      store,
    };
    return { at: Date.now(), gateway, providers };
  };
  return {
    state,
    async snapshot() {
      const { at, gateway, providers } = await state();
      return { version: DASHBOARD_DATA_VERSION, at, gateway, providers, traffic: recorder.traffic.read(at), requests: recorder.requests.after(0) };
    },
    traffic: (now, since) => recorder.traffic.read(now, since),
    requestsAfter: (seq) => recorder.requests.after(seq),
  };
}
