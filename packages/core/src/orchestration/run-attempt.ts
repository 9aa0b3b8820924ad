import type { Logger } from 'pino';
import { EmptyResponseError } from '../errors/empty-response-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { LoadedMedia } from '../media/media-input.js';
import type { Message } from '../provider/message.js';
import type { Provider } from '../provider/provider.js';
import type { ProviderChunk, StreamPart, WarningStreamPart } from '../provider/stream-part.js';
import type { Clock } from './clock.js';

/** Everything one attempt needs. */
export interface AttemptInput {
  provider: Provider;
  model: string;
  messages: readonly Message[];
  media: readonly LoadedMedia[];
  proxy: string | undefined;
  extra: Readonly<Record<string, unknown>>;
  logger: Logger;
  clock: Clock;
  /** The call's signal (caller abort + deadline). */
  signal: AbortSignal;
  attemptTimeoutMs: number;
  firstChunkTimeoutMs: number;
}

/**
 * An attempt that has produced its first text. `head` holds every part up to and including that
 * text; `next()` pulls the rest under the same timeouts; `close()` releases timers, listeners and
 * the provider's generator.
 */
export interface StartedAttempt {
  readonly head: readonly StreamPart[];
  next(): Promise<IteratorResult<StreamPart, undefined>>;
  close(): void;
}

/**
 * Starts an attempt and waits for its first text. An attempt that ends without any text is an
 * `EmptyResponseError` (empty is failure, so fallback can act); one that takes longer than the
 * first-chunk or attempt limit is aborted with a `TimeoutError`, which cancels its HTTP request.
 */
export async function startAttempt(input: AttemptInput): Promise<StartedAttempt> {
  const { provider, model, clock } = input;
  const controller = new AbortController();
  const signal = controller.signal;
  const onCallAbort = () => controller.abort(input.signal.reason);
  if (input.signal.aborted) throw input.signal.reason;
  input.signal.addEventListener('abort', onCallAbort, { once: true });
  let attemptTimer: unknown = clock.setTimeout(
    () => controller.abort(new TimeoutError({ phase: 'attempt', timeoutMs: input.attemptTimeoutMs, provider: provider.id, model })),
    input.attemptTimeoutMs,
  );
  let firstChunkTimer: unknown = clock.setTimeout(
    () => controller.abort(new TimeoutError({ phase: 'first-chunk', timeoutMs: input.firstChunkTimeoutMs, provider: provider.id, model })),
    input.firstChunkTimeoutMs,
  );
  const warnings: WarningStreamPart[] = [];
  let iterator: AsyncIterator<ProviderChunk> | undefined;
  let closed = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    if (attemptTimer !== undefined) clock.clearTimeout(attemptTimer);
    if (firstChunkTimer !== undefined) clock.clearTimeout(firstChunkTimer);
    attemptTimer = firstChunkTimer = undefined;
    input.signal.removeEventListener('abort', onCallAbort);
    // Let the provider release its request; its own errors on the way out are of no interest.
    iterator?.return?.()?.catch?.(() => {});
  };

  // Warnings a provider reports while producing a part come out before that part, and none is
  // lost when the provider finishes right after reporting one.
  let held: StreamPart | undefined;
  let exhausted = false;
  const next = async (): Promise<IteratorResult<StreamPart, undefined>> => {
    for (;;) {
      if (warnings.length > 0) return { done: false, value: warnings.shift()! };
      if (held) {
        const part = held;
        held = undefined;
        return { done: false, value: part };
      }
      if (exhausted) return { done: true, value: undefined };
      const result = await nextOrAbort(iterator!, signal);
      if (result.done) {
        exhausted = true;
        continue;
      }
      const part = toPart(result.value);
      if (!part) continue;
      if (warnings.length > 0) held = part;
      else return { done: false, value: part };
    }
  };

  try {
    iterator = input.provider
      .createAsyncGenerator(model, input.messages, {
        signal,
        media: input.media,
        proxy: input.proxy,
        extra: input.extra,
        logger: input.logger,
        warn: ({ code, message }) => {
          warnings.push({ type: 'warning', code, message });
          input.logger.warn({ code, provider: provider.id, model }, message);
        },
      })
      [Symbol.asyncIterator]();
    const head: StreamPart[] = [];
    for (;;) {
      const result = await next();
      if (result.done) {
        throw new EmptyResponseError({ provider: provider.id, model });
      }
      head.push(result.value);
      if (result.value.type === 'text') break;
    }
    clock.clearTimeout(firstChunkTimer);
    firstChunkTimer = undefined;
    return {
      head,
      next: async () => {
        try {
          const result = await next();
          if (result.done) close();
          return result;
        } catch (error) {
          close();
          throw error;
        }
      },
      close,
    };
  } catch (error) {
    close();
    // A timeout or the call's abort surfaces as the signal's reason, whatever the provider threw.
    throw signal.aborted ? signal.reason : error;
  }
}

/** A provider chunk as a part; empty text is dropped (it is not an answer). */
function toPart(chunk: ProviderChunk): StreamPart | undefined {
  if (typeof chunk === 'string') return chunk === '' ? undefined : { type: 'text', text: chunk };
  if (chunk.type === 'text' && chunk.text === '') return undefined;
  return chunk;
}

/**
 * `iterator.next()`, but rejected as soon as `signal` aborts: a provider that ignores its signal
 * still cannot hang the call.
 */
function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : error);
      },
    );
  });
}
