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
  /** The caller's signal: aborting it aborts the attempt with the caller's own reason. */
  signal: AbortSignal | undefined;
  attemptTimeoutMs: number;
  firstChunkTimeoutMs: number;
  /** The call's overall deadline (epoch ms on `clock`) and its length, for the `TimeoutError`. */
  deadline?: { at: number; ms: number } | undefined;
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
  const callerSignal = input.signal;
  if (callerSignal?.aborted) throw callerSignal.reason;
  // One controller, one timer and one listener per attempt: on a fast loopback answer these are
  // most of what the orchestration costs, so the three limits share a single timer.
  const controller = new AbortController();
  const signal = controller.signal;
  const started = clock.now();
  const attemptEnd = started + input.attemptTimeoutMs;
  let firstChunkEnd = started + input.firstChunkTimeoutMs;
  const deadlineAt = input.deadline?.at ?? Infinity;
  let timer: unknown;
  let pendingReject: ((reason: unknown) => void) | undefined;
  const abort = (reason: unknown) => {
    if (signal.aborted) return;
    controller.abort(reason);
    pendingReject?.(reason);
  };
  const onTimer = () => {
    timer = undefined;
    const now = clock.now();
    if (now >= deadlineAt) abort(new TimeoutError({ phase: 'deadline', timeoutMs: input.deadline!.ms }));
    else if (now >= firstChunkEnd) abort(new TimeoutError({ phase: 'first-chunk', timeoutMs: input.firstChunkTimeoutMs, provider: provider.id, model }));
    else if (now >= attemptEnd) abort(new TimeoutError({ phase: 'attempt', timeoutMs: input.attemptTimeoutMs, provider: provider.id, model }));
    else arm();
  };
  const arm = () => {
    timer = clock.setTimeout(onTimer, Math.max(0, Math.min(attemptEnd, firstChunkEnd, deadlineAt) - clock.now()));
  };
  const onCallerAbort = () => abort(callerSignal!.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  arm();
  const warnings: WarningStreamPart[] = [];
  let iterator: AsyncIterator<ProviderChunk> | undefined;
  let closed = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    callerSignal?.removeEventListener('abort', onCallerAbort);
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
      if (signal.aborted) throw signal.reason;
      // Rejected as soon as the attempt aborts: a provider that ignores its signal cannot hang the call.
      const result = await new Promise<IteratorResult<ProviderChunk>>((resolve, reject) => {
        pendingReject = reject;
        iterator!.next().then(resolve, (error: unknown) => reject(signal.aborted ? signal.reason : error));
      });
      pendingReject = undefined;
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
    // The first-chunk limit is over; the shared timer re-arms for what is left when it fires.
    firstChunkEnd = Infinity;
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
