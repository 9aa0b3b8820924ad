import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TimerSet } from './create-timer-set.js';

/** A listening emulator server. */
export interface EmulatorServer {
  /** `http://host:port`, a host a client can connect to (loopback for a wildcard address). */
  origin: string;
  port: number;
  /** Idempotent: clears the timers, destroys every socket, waits for the server to close. */
  close(): Promise<void>;
}

export interface StartEmulatorServerOptions {
  listener: RequestListener;
  host: string;
  port: number;
  /** Cleared on close, so no answer is written (and no handle kept) afterwards. */
  timers: TimerSet;
}

export async function startEmulatorServer(options: StartEmulatorServerOptions): Promise<EmulatorServer> {
  const { host, timers } = options;
  const server = createServer(options.listener);
  // Longer than the usual client pool's idle timeout, so the client, not the server, ends idle
  // keep-alive connections; a server-side close racing a new request shows up as random resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, { port: options.port, host });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    origin: `http://${urlHost(host)}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.clearAll();
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
