import type { ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';

/** Status recorded for a request whose client left before the answer (nginx's convention; never sent). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * The chat requests being answered, each with the AbortController its registry call listens to.
 * A client that disconnects aborts its own call (so the upstream request is cancelled, not left
 * running for nobody); a shutdown past its grace period aborts them all.
 */
export class InFlightCalls {
  readonly #controllers = new Set<AbortController>();
  #closing = false;
  #onIdle: (() => void) | undefined;

  /** True once shutdown began: answers then ask clients to close their connection. */
  get closing(): boolean {
    return this.#closing;
  }

  get size(): number {
    return this.#controllers.size;
  }

  /** A controller for one request, aborted when its connection closes before the response is complete. */
  start(response: ServerResponse): AbortController {
    const controller = new AbortController();
    this.#controllers.add(controller);
    response.once('close', () => {
      if (!response.writableFinished) {
        controller.abort(
          new GatewayError({
            status: CLIENT_CLOSED_STATUS,
            type: 'invalid_request_error',
            code: 'client_closed_request',
            message: 'The client closed the connection before the answer was complete.',
          }),
        );
      }
    });
    return controller;
  }

  end(controller: AbortController): void {
    this.#controllers.delete(controller);
    if (this.#closing && this.#controllers.size === 0) this.#onIdle?.();
  }

  /** Marks the start of shutdown; `onIdle` runs each time the last request in flight ends. */
  beginClosing(onIdle: () => void): void {
    this.#closing = true;
    this.#onIdle = onIdle;
  }

  /** Aborts every request in flight with `reason` (their clients get it as an error). */
  abortAll(reason: unknown): void {
    for (const controller of this.#controllers) controller.abort(reason);
  }
}
