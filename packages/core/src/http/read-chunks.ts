import type { Readable } from 'node:stream';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
const ignore = () => {};

/**
 * A Node stream's chunks as an async iterable, for reading a body once in order (its events):
 * `read()` while the stream has data, one wait for `readable` when it has none. Node's own
 * iterator does the same through an async generator and an end-of-stream watcher, which cost more
 * per body than the events they deliver.
 *
 * Leaving early cancels the body, which closes its connection, only while bytes are still to
 * come: a stream reader that stops at its end marker (`data: [DONE]`) usually has the whole body
 * already, and cancelling it then would abort nothing while building an abort error with its
 * stack trace, per request. What was left unread of a body that ended is dropped with it.
 */
export function readChunks(body: Readable): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => new ChunkIterator(body) };
}

class ChunkIterator implements AsyncIterator<Uint8Array, undefined> {
  readonly #body: Readable;
  #ended = false;
  #failure: { error: unknown } | undefined;
  #waiting: { resolve: (result: IteratorResult<Uint8Array, undefined>) => void; reject: (error: unknown) => void } | undefined;

  constructor(body: Readable) {
    this.#body = body;
    // A body that finished before its reading began sends no more events: its state says how.
    if (body.errored) this.#failure = { error: body.errored };
    else if (body.readableEnded) this.#ended = true;
    else if (body.destroyed) this.#failure = { error: prematureClose() };
    if (this.#failure || this.#ended) return;
    body.on('readable', this.#onReadable);
    body.on('end', this.#onEnd);
    body.on('error', this.#onError);
    body.on('close', this.#onClose);
  }

  next(): Promise<IteratorResult<Uint8Array, undefined>> {
    if (this.#failure) return Promise.reject(this.#failure.error);
    const chunk = this.#ended ? null : (this.#body.read() as Uint8Array | null);
    if (chunk !== null) return Promise.resolve({ done: false, value: chunk });
    if (this.#ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<Uint8Array, undefined>> {
    const body = this.#body;
    this.#stop();
    if (!this.#ended && !bodyEnded(body)) {
      // Destroying it without a reason makes undici emit one (aborted), which nobody needs to hear.
      body.on('error', ignore);
      body.destroy();
    }
    return DONE;
  }

  readonly #onReadable = () => {
    const waiting = this.#waiting;
    if (!waiting) return;
    const chunk = this.#body.read() as Uint8Array | null;
    if (chunk === null) return;
    this.#waiting = undefined;
    waiting.resolve({ done: false, value: chunk });
  };

  readonly #onEnd = () => {
    this.#ended = true;
    this.#stop();
    this.#waiting?.resolve(DONE);
    this.#waiting = undefined;
  };

  readonly #onError = (error: unknown) => {
    this.#failure = { error };
    this.#stop();
    this.#waiting?.reject(error);
    this.#waiting = undefined;
  };

  // Closed without its end and without an error: cut off all the same.
  readonly #onClose = () => {
    if (!this.#ended) this.#onError(prematureClose());
  };

  #stop(): void {
    const body = this.#body;
    body.off('readable', this.#onReadable);
    body.off('end', this.#onEnd);
    body.off('error', this.#onError);
    body.off('close', this.#onClose);
  }
}

/** The error Node's own stream reader gives for a body closed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Whether every byte of the body arrived (its end was pushed, whether or not it was read). */
function bodyEnded(body: Readable): boolean {
  // `readableEnded` waits for the end to be read; the state says when it arrived.
  return body.readableEnded || (body as { _readableState?: { ended?: boolean } })._readableState?.ended === true;
}
