import net, { type AddressInfo } from 'node:net';

/** A dead endpoint that can be counted: accepts each TCP connection, counts it, destroys it. */
export async function startCountingServer() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    reset: () => void (connections = 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
