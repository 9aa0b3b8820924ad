import type { Readable } from 'node:stream';

/**
 * A Node stream's chunks as an async iterable, for reading a body once in order (its events).
 * Leaving early cancels the body, which closes its connection, only while bytes are still to
 * come: a stream reader that stops at its end marker (`data: [DONE]`) usually has the whole body
 * already, and cancelling it then would abort nothing while building an abort error with its
 * stack trace, per request. What was left unread of a body that ended is dropped with it.
 */
export function readChunks(body: Readable): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const chunks = body.iterator({ destroyOnReturn: false });
      return {
        next: () => chunks.next(),
        async return() {
          await chunks.return?.();
          if (!bodyEnded(body)) {
            // Destroying it without a reason makes undici emit one (aborted), which nobody needs to hear.
            body.on('error', ignore);
            body.destroy();
          }
          return { done: true, value: undefined };
        },
      };
    },
  };
}

const ignore = () => {};

/** Whether every byte of the body arrived (its end was pushed, whether or not it was read). */
function bodyEnded(body: Readable): boolean {
  // `readableEnded` waits for the end to be read; the state says when it arrived.
  return body.readableEnded || (body as { _readableState?: { ended?: boolean } })._readableState?.ended === true;
}
