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
}

/**
 * The events of a `text/event-stream` body as they arrive, parsed by `eventsource-parser` (lines
 * ending in LF, CRLF or CR, split anywhere; comments skipped; multi-line data joined). Bytes are
 * decoded in streaming mode, so a character split across network chunks comes out whole. Unlike a
 * browser's EventSource, a last event without its closing blank line is delivered: some servers
 * end the body right after `data: [DONE]`. Stopping early (`break`, `return`, a throw) cancels the
 * body, which closes the connection instead of draining it.
 */
export async function* readEvents(
  body: ReadableStream<Uint8Array>,
  { onOversize, maxBufferSize = 16 * 1024 * 1024 }: ReadEventsOptions,
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const events: ServerSentEvent[] = [];
  let oversize = false;
  const parser = createParser({
    onEvent: ({ event, data, id }) => events.push({ event, data, id }),
    onError: (error) => {
      // Unknown fields and bad `retry` values are ignored, as the event-stream rules say.
      if (error.type === 'max-buffer-size-exceeded') oversize = true;
    },
    maxBufferSize,
  });
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const text = done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true });
      parser.feed(text);
      if (oversize) onOversize(maxBufferSize);
      yield* events.splice(0);
      if (done) break;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
