import { GatewayError } from '../errors/gateway-error.js';

/** How many requests beyond its allowance one client may have waiting, per request it may have in flight. */
const QUEUE_FACTOR = 16;

interface ClientState {
  inFlight: number;
  /** Requests waiting for one of this client's slots, oldest first. */
  waiting: (() => void)[];
}

/**
 * How many chat requests each client has in flight, against a ceiling per client. A chat request
 * holds at most one upstream connection at a time, so a client under the ceiling holds at most
 * that many of any provider's connections: a few clients that stop reading, or ask for endless
 * answers, cannot take every connection from everyone else. A client's requests past its ceiling
 * wait for its own slots, in order, holding no connection meanwhile (up to `QUEUE_FACTOR` times
 * the ceiling; more is a 429). Entries exist only while a client has requests in flight or
 * waiting, so the map is as small as the traffic.
 */
export class ClientAllowance {
  readonly #clients = new Map<string, ClientState>();
  readonly #max: number;

  constructor(maxPerClient: number) {
    this.#max = maxPerClient;
  }

  /**
   * Takes a slot of `client`: at once when it has one free, else after its earlier requests
   * (rejecting with the signal's reason if the request is aborted while it waits, or with a 429
   * when too many already wait). Pair every successful acquire with {@link release}.
   */
  acquire(client: string, signal: AbortSignal): Promise<void> | undefined {
    let state = this.#clients.get(client);
    if (!state) this.#clients.set(client, (state = { inFlight: 0, waiting: [] }));
    if (state.inFlight < this.#max) {
      state.inFlight++;
      return undefined;
    }
    if (state.waiting.length >= this.#max * QUEUE_FACTOR) {
      throw new GatewayError({
        status: 429,
        type: 'rate_limit_error',
        code: 'too_many_concurrent_requests',
        message: `This client has ${state.inFlight} requests in flight and ${state.waiting.length} waiting, the most this gateway allows one client (clientConnectionShare of upstreamConnections). Wait for some to finish.`,
        headers: { 'retry-after': '1' },
      });
    }
    const waiting = state.waiting;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = waiting.indexOf(take);
        if (index !== -1) waiting.splice(index, 1);
        this.#forgetIfIdle(client);
        reject(signal.reason);
      };
      // Called by release() with the slot already counted for this request.
      const take = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      waiting.push(take);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Gives a slot back: to the client's oldest waiting request, if any. */
  release(client: string): void {
    const state = this.#clients.get(client);
    if (!state) return;
    const next = state.waiting.shift();
    if (next) {
      next();
      return;
    }
    state.inFlight--;
    this.#forgetIfIdle(client);
  }

  #forgetIfIdle(client: string): void {
    const state = this.#clients.get(client);
    if (state && state.inFlight === 0 && state.waiting.length === 0) this.#clients.delete(client);
  }
}
