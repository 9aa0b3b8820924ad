import type { Emulator } from './emulator.js';
import type { EmulatorState } from './emulator-state.js';
import type { FaultRule } from './fault-rule.js';
import type { EmulatorServer } from './start-emulator-server.js';

export interface CreateEmulatorHandleOptions<Kind extends string, Endpoint extends string, Recorded> {
  state: EmulatorState<Kind, Endpoint, Recorded>;
  server: EmulatorServer;
  /** What the provider's `baseUrl` takes (the origin, or the origin plus an API prefix). */
  url: string;
}

/** The public face of a running emulator, the same for every emulator: a view of its state. */
export function createEmulatorHandle<Kind extends string, Endpoint extends string, Recorded>(
  options: CreateEmulatorHandleOptions<Kind, Endpoint, Recorded>,
): Emulator<FaultRule<Kind, Endpoint>, Recorded> {
  const { state, server, url } = options;
  return {
    url,
    origin: server.origin,
    port: server.port,
    get requests() {
      return state.log.list();
    },
    get faults() {
      return state.faults;
    },
    get stats() {
      return state.snapshotStats();
    },
    setFaults: (rules) => state.setFaults(rules),
    setLatency: (ms) => state.setLatency(ms),
    setMode: (mode) => state.setMode(mode),
    clearRequests: () => state.log.clear(),
    reset: () => state.reset(),
    close: () => server.close(),
  };
}
