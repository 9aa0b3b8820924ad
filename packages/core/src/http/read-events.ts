import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';

/** One server-sent event. */
export interface ServerSentEvent {
  /** The event's name (`event: error`), undefined for plain `data:` events. */
  event: string | undefined;
  /** Its data; several `data:` lines are joined with line breaks. */
  data: string;
  /** The event's `id:`, when it has one. */
  id: string | undefined;
}

/** Options for {@link readEvents}. */
export interface ReadEventsOptions {
  /**
   * Called when a line or an event grows past `maxBufferSize` characters without ending: a server
   * gone wrong. It should throw; reading stops either way.
   */
  onOversize: (maxBufferSize: number) => never;
  /** @default 16 MiB of text */
  maxBufferSize?: number;
  /** What a failure to read the body becomes (a cut connection, an abort); thrown as is by default. */
  readFailure?: (error: unknown) => unknown;
}

/**
 * The events of a `text/event-stream` body as they arrive, parsed by `eventsource-parser` (lines
 * ending in LF, CRLF or CR, split anywhere; comments skipped; multi-line data joined). The body is
 * any async iterable of bytes: a Node stream (the hot path reads undici's body as it is, without
 * a WHATWG adapter around it) or a WHATWG stream. Bytes are decoded in streaming mode, so a
 * character split across network chunks comes out whole. Unlike a browser's EventSource, a last
 * event without its closing blank line is delivered: some servers end the body right after
 * `data: [DONE]`. Stopping early (`break`, `return`, a throw) cancels the body, which closes the
 * connection instead of draining it.
 */
export async function* readEvents(
  body: AsyncIterable<Uint8Array>,
  { onOversize, maxBufferSize = 16 * 1024 * 1024, readFailure }: ReadEventsOptions,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const chunks = body[Symbol.asyncIterator]();
  // Node's own decoder: TextDecoder checks its options object on every call, which costs more than the decoding.
  const decoder = new StringDecoder('utf8');
  const events: ServerSentEvent[] = [];
  let oversize = false;
  const parser = createParser({
    // The parser builds a fresh { id, event, data } per event: kept as it is.
    onEvent: (event) => events.push(event as ServerSentEvent),
    onError: (error) => {
      // Unknown fields and bad `retry` values are ignored, as the event-stream rules say.
      if (error.type === 'max-buffer-size-exceeded') oversize = true;
    },
    maxBufferSize,
  });
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw readFailure ? readFailure(error) : error;
      }
      parser.feed(next.done ? `${decoder.end()}\n\n` : decoder.write(next.value));
      if (oversize) onOversize(maxBufferSize);
      // Taken one by one rather than with `yield*`, which would wrap the array in an async iterator.
      for (let index = 0; index < events.length; index++) yield events[index]!;
      events.length = 0;
      if (next.done) break;
    }
    finished = true;
  } finally {
    if (!finished) await chunks.return?.()?.catch?.(() => {});
  }
}
