import type { FastifyRequest } from 'fastify';

const LOOPBACK_ADDRESS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;

/**
 * True when the request comes from this machine and names this machine: the peer's address is a
 * loopback one, and so is the `Host` it asked for. The second half stops a web page whose domain
 * resolves to 127.0.0.1 (DNS rebinding) and a local reverse proxy passing on a public host name.
 */
export function isLoopbackRequest(request: FastifyRequest): boolean {
  const address = request.socket.remoteAddress ?? '';
  const host = request.headers.host ?? '';
  return LOOPBACK_ADDRESS.test(address) && LOOPBACK_HOST.test(host);
}
