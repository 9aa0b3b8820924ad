import type { ServerResponse } from 'node:http';

/** Writes a stream's events; `write` returns false when the client is not keeping up (then wait for `drained`). */
export interface EventWriter {
  write(event: string): boolean;
  /** Writes what is still held with `last` and ends the response. */
  end(last: string): void;
}

/**
 * Coalesces the events written in one turn of the event loop into one string and one write. The
 * registry hands over parts through promise chains, so the events of one upstream read arrive
 * within a single turn: joining them and writing once the turn's microtasks are done
 * (`process.nextTick` runs after them) makes one chunk of the chunked body and one system call,
 * where a write per event (even corked) costs a chunk header and a buffer each. Nothing is held
 * back past the turn. Back-pressure is the response's: once a write filled its buffer,
 * `write` says so until it drained.
 */
export function createEventWriter(response: ServerResponse): EventWriter {
  let held = '';
  const flush = () => {
    if (held === '') return;
    const text = held;
    held = '';
    if (!response.destroyed) response.write(text);
  };
  return {
    write(event) {
      if (held === '') process.nextTick(flush);
      held += event;
      return !response.writableNeedDrain;
    },
    end(last) {
      const text = held + last;
      held = '';
      response.end(text);
    },
  };
}
