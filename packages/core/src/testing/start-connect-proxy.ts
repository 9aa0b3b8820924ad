import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** A running {@link startConnectProxy} proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`: pass it as a call's `proxy`. */
  url: string;
  /** Every tunnel opened, with its `CONNECT` target and `Proxy-Authorization` header. */
  tunnels: { target: string; authorization: string | undefined }[];
  /** Stops listening and destroys every tunnel. */
  close(): Promise<void>;
}

/**
 * A minimal HTTP CONNECT proxy on loopback, for testing a provider's `proxy` support: undici's
 * `ProxyAgent` tunnels every request through CONNECT, http targets included.
 */
export async function startConnectProxy(): Promise<ConnectProxy> {
  // Loaded here: core's test helpers share core's one module, which every process loads.
  const { createServer } = process.getBuiltinModule('node:http');
  const { connect } = process.getBuiltinModule('node:net');
  const tunnels: ConnectProxy['tunnels'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_request, response) => {
    response.writeHead(405).end('CONNECT only');
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push({ target: request.url ?? '', authorization: request.headers['proxy-authorization'] });
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('close', () => sockets.delete(socket));
    }
    upstream.once('close', () => client.destroy());
    client.once('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
