import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type { EventSourceParser } from 'eventsource-parser';

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
 *
 * A small iterator rather than an async generator: an event already parsed is handed over at once,
 * and one read of the body costs one promise, where a generator's `yield` adds its own awaits and
 * result promise to every event on the way to the provider.
 */
export function readEvents(body: AsyncIterable<Uint8Array>, options: ReadEventsOptions): ServerSentEventIterator {
  return new EventIterator(body[Symbol.asyncIterator](), options);
}

/** The events of a body, as {@link readEvents} hands them over. */
export interface ServerSentEventIterator extends AsyncIterableIterator<ServerSentEvent> {
  /**
   * The next event if it is already parsed from what arrived, else undefined, without reading
   * the body or waiting. The events of one network read arrived at the same moment: a reader may
   * take them together (a provider joins their text into one part) for one promise, not one each.
   */
  takeParsed(): ServerSentEvent | undefined;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

// eventsource-parser loads with the first event stream, not with core (every plugin imports this
// module; a process that streams nothing never needs it). Required, so each later stream takes it
// at once, without an await.
let parser: typeof import('eventsource-parser') | undefined;
const loadParser = () => (parser ??= createRequire(import.meta.url)('eventsource-parser') as typeof import('eventsource-parser'));

class EventIterator implements ServerSentEventIterator {
  readonly #chunks: AsyncIterator<Uint8Array>;
  readonly #onOversize: (maxBufferSize: number) => never;
  readonly #maxBufferSize: number;
  readonly #readFailure: ((error: unknown) => unknown) | undefined;
  // Node's own decoder: TextDecoder checks its options object on every call, which costs more than the decoding.
  readonly #decoder = new StringDecoder('utf8');
  /** Parsed and not handed out yet, from `#index` on. */
  readonly #events: ServerSentEvent[] = [];
  #index = 0;
  #oversize = false;
  /** The body ended (every event is in `#events`) or the reading failed or was stopped. */
  #over = false;
  readonly #parser: EventSourceParser;

  constructor(chunks: AsyncIterator<Uint8Array>, { onOversize, maxBufferSize = 16 * 1024 * 1024, readFailure }: ReadEventsOptions) {
    this.#chunks = chunks;
    this.#onOversize = onOversize;
    this.#maxBufferSize = maxBufferSize;
    this.#readFailure = readFailure;
    this.#parser = loadParser().createParser({
      // The parser builds a fresh { id, event, data } per event: kept as it is.
      onEvent: (event) => this.#events.push(event as ServerSentEvent),
      onError: (error) => {
        // Unknown fields and bad `retry` values are ignored, as the event-stream rules say.
        if (error.type === 'max-buffer-size-exceeded') this.#oversize = true;
      },
      maxBufferSize,
    });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ServerSentEvent, undefined>> {
    const event = this.#take();
    if (event !== undefined) return Promise.resolve({ done: false, value: event });
    return this.#over ? Promise.resolve(DONE) : this.#read();
  }

  takeParsed(): ServerSentEvent | undefined {
    return this.#take();
  }

  async return(): Promise<IteratorResult<ServerSentEvent, undefined>> {
    this.#events.length = 0;
    if (!this.#over) await this.#cancel();
    return DONE;
  }

  async #read(): Promise<IteratorResult<ServerSentEvent, undefined>> {
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await this.#chunks.next();
        } catch (error) {
          throw this.#readFailure ? this.#readFailure(error) : error;
        }
        if (next.done) this.#over = true;
        this.#parser.feed(next.done ? `${this.#decoder.end()}\n\n` : this.#decoder.write(next.value));
        if (this.#oversize) this.#onOversize(this.#maxBufferSize);
        const event = this.#take();
        if (event !== undefined) return { done: false, value: event };
        if (next.done) return DONE;
      }
    } catch (error) {
      this.#events.length = 0;
      if (!this.#over) await this.#cancel();
      throw error;
    }
  }

  #take(): ServerSentEvent | undefined {
    const events = this.#events;
    if (this.#index < events.length) return events[this.#index++];
    if (events.length > 0) {
      events.length = 0;
      this.#index = 0;
    }
    return undefined;
  }

  async #cancel(): Promise<void> {
    this.#over = true;
    await this.#chunks.return?.()?.catch?.(() => {});
  }
}
