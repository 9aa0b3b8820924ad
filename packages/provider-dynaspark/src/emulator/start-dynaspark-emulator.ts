import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequestHandler } from './create-request-handler.js';
import type { DynasparkEmulator } from './dynaspark-emulator.js';
import type { DynasparkEmulatorOptions } from './dynaspark-emulator-options.js';
import { EmulatorState } from './emulator-state.js';

/**
 * Starts a local server that speaks the Dynaspark protocol, with fault injection.
 *
 * @example
 * const emulator = await startDynasparkEmulator({ faults: [{ fault: 'rate-limit', times: 1 }] });
 * const res = await fetch(`${emulator.url}/generate_response`, {
 *   method: 'POST',
 *   body: new URLSearchParams({ user_input: 'Hi', ai_model: 'gemini-1.5-flash' }),
 * }); // 429 first, then {"response":"Echo from gemini-1.5-flash: Hi"}
 * await emulator.close();
 */
export async function startDynasparkEmulator(options: DynasparkEmulatorOptions = {}): Promise<DynasparkEmulator> {
  const state = new EmulatorState(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer(createRequestHandler(state));
  // Longer than the usual client pool's idle timeout, so the client, not the server, ends idle
  // keep-alive connections; a server-side close racing a new request shows up as random resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, { port: options.port ?? 0, host });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    get requests() {
      return state.log.list();
    },
    get stats() {
      return state.snapshotStats();
    },
    clearRequests: () => state.log.clear(),
    setFaults: (rules) => state.setFaults(rules),
    setLatency: (ms) => state.setLatency(ms),
    setMode: (mode) => state.setMode(mode),
    reset: () => state.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        state.timers.clearAll();
        server.close(() => resolve());
        // server.close() only waits; hung and keep-alive sockets would hold it (and jest) open.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function listen(server: Server, options: { port: number; host: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A wildcard address is not something a client can connect to; loopback reaches it. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
