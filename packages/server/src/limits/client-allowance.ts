import { GatewayError } from '../errors/gateway-error.js';

/**
 * How many chat requests each client has in flight, against a ceiling per client. A chat request
 * holds at most one upstream connection at a time, so a client under the ceiling holds at most
 * that many of any provider's connections: a few clients that stop reading, or ask for endless
 * answers, cannot take every connection from everyone else. Entries exist only while a client
 * has requests in flight, so the map is as small as the traffic.
 */
export class ClientAllowance {
  readonly #inFlight = new Map<string, number>();
  readonly #max: number;

  constructor(maxPerClient: number) {
    this.#max = maxPerClient;
  }

  /** Counts a request of `client`, or throws a 429 when it already has the most it may. Pair with {@link release}. */
  acquire(client: string): void {
    const count = this.#inFlight.get(client) ?? 0;
    if (count >= this.#max) {
      throw new GatewayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'too_many_concurrent_requests',
        message: `This client already has ${count} requests in flight, the most this gateway allows one client (clientConnectionShare of upstreamConnections). Wait for one to finish.`,
        headers: { 'retry-after': '1' },
      });
    }
    this.#inFlight.set(client, count + 1);
  }

  release(client: string): void {
    const count = this.#inFlight.get(client) ?? 0;
    if (count <= 1) this.#inFlight.delete(client);
    else this.#inFlight.set(client, count - 1);
  }
}
