import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ErrorReplyBuilder } from './apply-common-fault.js';
import type { Emulator } from './emulator.js';
import type { CommonSettings } from './emulator-options.js';
import { sendReply } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import type { FaultRule } from './fault-rule.js';
import { CONTROL_PREFIX, handleControlRequest } from './handle-control-request.js';

/** A request to an emulated endpoint, with its target split. */
export interface EmulatorRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path without the query string. */
  path: string;
  /** The query string without its `?` ('' when none). */
  query: string;
}

export interface StartEmulatorServerOptions<Kind extends string, Endpoint extends string, Recorded> {
  state: EmulatorState<Kind, Endpoint, Recorded>;
  /** Answers a request to the emulated service. */
  route: (request: EmulatorRequest) => Promise<void>;
  /** How the emulated service words an error: a handler that throws gets a 500 in its shape. */
  errorReply: ErrorReplyBuilder;
  /** Where to listen. */
  settings: Pick<CommonSettings, 'host' | 'port'>;
  /** What the provider's `baseUrl` adds to the origin: '' or an API prefix (`/v1`). */
  urlPath: string;
}

/**
 * The HTTP server under every emulator: sends `/__emulator/` requests to the control API and
 * everything else to `route`, counting them; anything unexpected in a handler becomes a 500 instead
 * of a crash. Resolves, once listening, to the emulator's public face, the same for every emulator:
 * a view of its state, and `close()`.
 */
export async function startEmulatorServer<Kind extends string, Endpoint extends string, Recorded>(
  options: StartEmulatorServerOptions<Kind, Endpoint, Recorded>,
): Promise<Emulator<FaultRule<Kind, Endpoint>, Recorded>> {
  const { state } = options;
  const { host } = options.settings;
  const server = createServer(requestListener(options));
  // Longer than the usual client pool's idle timeout, so the client, not the server, ends idle
  // keep-alive connections; a server-side close racing a new request shows up as random resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, { port: options.settings.port, host });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${options.urlPath}`,
    origin,
    port,
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
    // Idempotent: the timers are cleared so no answer is written (and no handle kept) afterwards.
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

function requestListener<Kind extends string, Endpoint extends string, Recorded>(
  options: StartEmulatorServerOptions<Kind, Endpoint, Recorded>,
): RequestListener {
  const { state, route, errorReply } = options;
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    let work: Promise<void>;
    if (path.startsWith(CONTROL_PREFIX)) {
      work = handleControlRequest({ state, req, res, path });
    } else {
      state.stats.received += 1;
      state.stats.inFlight += 1;
      // 'close' comes once per response, answered or not (client gone, reset, close()).
      res.once('close', () => {
        state.stats.inFlight -= 1;
      });
      work = route({ req, res, path, query: queryStart === -1 ? '' : url.slice(queryStart + 1) });
    }
    work.catch((error: unknown) => fail({ res, error, errorReply }));
  };
}

function fail(options: { res: ServerResponse; error: unknown; errorReply: ErrorReplyBuilder }): void {
  const { res, error, errorReply } = options;
  if (res.destroyed) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendReply(res, errorReply({ status: 500, message: `Emulator error: ${errorMessage(error)}`, headers: {} }));
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
