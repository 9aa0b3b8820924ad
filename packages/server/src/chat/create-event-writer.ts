import type { ServerResponse } from 'node:http';

/** Writes a stream's events; `write` returns false when the client is not keeping up (then wait for `drained`). */
export interface EventWriter {
  write(event: string): boolean;
}

/**
 * Coalesces the events written in one turn of the event loop into one socket write. The
 * registry hands over parts through promise chains, so the events of one upstream read arrive
 * within a single turn: corking on the first and uncorking once the turn's microtasks are done
 * (`process.nextTick` runs after them) turns a write per event (a system call each) into one,
 * without holding anything back past the turn.
 */
export function createEventWriter(response: ServerResponse): EventWriter {
  let corked = false;
  const uncork = () => {
    corked = false;
    response.uncork();
  };
  return {
    write(event) {
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(uncork);
      }
      return response.write(event);
    },
  };
}
