import { createSseParser } from './create-sse-parser.js';
import type { ServerSentEvent } from './server-sent-event.js';

/**
 * The events of a `text/event-stream` body, as they arrive. Bytes are decoded in streaming mode,
 * so a multi-byte character split across two network chunks comes out whole. Stopping early
 * (`break`, `return`) cancels the body, which closes the connection instead of draining it.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
