import { EmptyResponseError } from '../errors/empty-response-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Logger } from '../logging/logger.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import { AttemptCancellation } from './attempt-cancellation.js';
import type { ProviderChunk, ResponseInfoStreamPart, StreamPart, TextPartsMode } from '../provider/stream-part.js';
import type { Candidate } from './candidate.js';
import type { Clock } from './clock.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** Everything one attempt needs. */
export interface AttemptInput {
  candidate: Candidate;
  proxy: string | undefined;
  /** The provider's per-call options. */
  extra: Readonly<Record<string, unknown>>;
  /** Bound to this provider and request. */
  logger: Logger;
  clock: Clock;
  /** The caller's signal: aborting it aborts the attempt with the caller's own reason. */
  signal: AbortSignal | undefined;
  /** `generate()` or `stream()`, as the caller asked. */
  mode: 'generate' | 'stream';
  /** How the caller takes a stream's text: `'per-read'` is passed on to the provider. */
  textParts: TextPartsMode;
  /** The call's tools and response format. */
  tools: Pick<ProviderCallOptions, 'tools' | 'toolChoice' | 'parallelToolCalls' | 'responseFormat'>;
  attemptTimeoutMs: number;
  firstChunkTimeoutMs: number;
  /** The call's overall deadline (a time on `clock`) and its length, for the `TimeoutError`. */
  deadline: { at: number; ms: number };
}

/**
 * Where an attempt is:
 * - `waiting-for-text`: the provider is working; all three limits apply (first text, attempt, deadline);
 * - `streaming`: the first content (text or a tool call) arrived, so the attempt is committed;
 *   the first-text limit is over;
 * - `finished`: the provider ended its answer;
 * - `failed`: it threw, timed out, was aborted, or ended without any text;
 * - `closed`: the consumer let go before the end.
 * The last three are final: the timer is cleared, the caller's signal released and the provider's
 * generator returned exactly once, on the way in.
 */
export type AttemptState = 'waiting-for-text' | 'streaming' | 'finished' | 'failed' | 'closed';

/**
 * One attempt on one provider, as a state machine. `Attempt.start()` resolves once the provider
 * produced its first text, with `head` holding every part up to and including it; `next()` pulls
 * the rest under the same limits. An attempt that ends without text is an `EmptyResponseError`
 * (empty is failure, so fallback can act); one that outlives a limit is aborted with a
 * `TimeoutError`, which cancels its HTTP request. One cancellation and one timer per attempt: on a
 * fast answer they are most of what orchestration costs, so the three limits share the timer, and
 * the cancellation builds an `AbortController` only for a provider that reads `options.signal`.
 */
export class Attempt {
  /** The parts up to and including the first text. */
  readonly head: StreamPart[] = [];
  #state: AttemptState = 'waiting-for-text';
  readonly #input: AttemptInput;
  readonly #cancellation = new AttemptCancellation();
  readonly #ends: { attempt: number; firstText: number };
  #timer: unknown;
  #iterator: AsyncIterator<ProviderChunk> | undefined;
  /** Parts pulled but not handed out yet: warnings a provider reported come before the part it was producing. */
  readonly #queue: StreamPart[] = [];
  #exhausted = false;
  #response: Omit<ResponseInfoStreamPart, 'type'> | undefined;
  /** The pull waiting on the provider, and how it ends. */
  #pulling: Promise<IteratorResult<StreamPart, undefined>> | undefined;
  #resolvePull: ((result: IteratorResult<StreamPart, undefined>) => void) | undefined;
  #rejectPull: ((reason: unknown) => void) | undefined;
  #pullSettles = false;
  readonly #onCallerAbort = () => this.#abort(this.#input.signal!.reason);
  /** Tool-call ids as the provider sent them -> ids unique in this response (a call still streaming keeps its mapping). */
  #toolCallIds: { open: Map<string, string>; used: Set<string>; nextSuffix: Map<string, number> } | undefined;
  readonly #onTimer = () => this.#timerFired();

  private constructor(input: AttemptInput) {
    this.#input = input;
    const now = input.clock.now();
    this.#ends = { attempt: now + input.attemptTimeoutMs, firstText: now + input.firstChunkTimeoutMs };
  }

  /** Starts an attempt and waits for its first text. Rejects with the reason it failed. */
  static start(input: AttemptInput): Promise<Attempt> {
    if (input.signal?.aborted) return Promise.reject(input.signal.reason);
    // One async function per attempt, not two: its frame is most of what a layer costs.
    return new Attempt(input).#untilFirstText();
  }

  get state(): AttemptState {
    return this.#state;
  }

  /** What the provider said of its answer so far (its id, the model that wrote it), if anything. */
  get response(): Omit<ResponseInfoStreamPart, 'type'> | undefined {
    return this.#response;
  }

  /** The next part after `head`; `done` once the provider finished. */
  next(): Promise<IteratorResult<StreamPart, undefined>> {
    // One promise per part: the pull settles the attempt itself when it ends or fails.
    return this.#pull(true);
  }

  /** Lets go of the attempt (the provider's generator is returned, its request released). Idempotent. */
  close(): void {
    this.#settle('closed');
  }

  async #untilFirstText(): Promise<Attempt> {
    const { candidate, signal } = this.#input;
    signal?.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#arm();
    const cancellation = this.#cancellation;
    try {
      this.#iterator = candidate.provider.createAsyncGenerator(candidate.model, candidate.messages, this.#callOptions())[Symbol.asyncIterator]();
      for (;;) {
        const result = await this.#pull(false);
        if (result.done) throw new EmptyResponseError({ provider: candidate.provider.id, model: candidate.model });
        this.head.push(result.value);
        const { type } = result.value;
        if (type === 'text' || type === 'tool-call' || type === 'tool-call-delta') break;
      }
      // Committed: the first-text limit is over (the timer re-arms for what is left when it fires).
      this.#state = 'streaming';
      return this;
    } catch (error) {
      this.#settle('failed');
      // A timeout or the caller's abort surfaces as its reason, whatever the provider threw.
      throw cancellation.aborted ? cancellation.reason : error;
    }
  }

  /**
   * What the provider is handed. One literal, its optional fields set after it: spreads of
   * conditional objects, next to a getter, build a slow dictionary object on every attempt.
   */
  #callOptions(): ProviderCallOptions {
    const { candidate, tools, logger } = this.#input;
    const cancellation = this.#cancellation;
    const options: ProviderCallOptions = {
      // Built on first read: a provider that hands `cancellation` to core's HTTP client never needs it.
      get signal() {
        return cancellation.signal;
      },
      cancellation,
      media: candidate.media,
      proxy: this.#input.proxy,
      settings: candidate.settings,
      extra: this.#input.extra,
      logger,
      mode: this.#input.mode,
      warn: ({ code, message }) => {
        this.#queue.push({ type: 'warning', code, message });
        logger.warn({ code, provider: candidate.provider.id, model: candidate.model }, message);
      },
    };
    // Set only when asked: a provider that never reads it delivers one part per piece, as before.
    if (this.#input.textParts === 'per-read') options.textParts = 'per-read';
    if (tools.tools) options.tools = tools.tools;
    if (tools.toolChoice) options.toolChoice = tools.toolChoice;
    if (tools.parallelToolCalls !== undefined) options.parallelToolCalls = tools.parallelToolCalls;
    // A model answering through the prompt fallback has the format in its messages instead.
    if (tools.responseFormat && candidate.structuredOutput !== 'prompt') options.responseFormat = tools.responseFormat;
    return options;
  }

  /**
   * Pulls the next part; with `settles`, the attempt is settled here when the provider ends or
   * fails. Not an async function: a pull costs one promise, settled by handlers made once per
   * attempt, and the provider is asked again (a chunk that is no part) without a new one.
   */
  #pull(settles: boolean): Promise<IteratorResult<StreamPart, undefined>> {
    // A second pull while one waits (a consumer calling next() twice) waits its turn.
    if (this.#pulling) return this.#pulling.then(this.#pullAfter(settles), this.#pullAfter(settles));
    let ready: IteratorResult<StreamPart, undefined> | undefined;
    try {
      ready = this.#ready(settles);
    } catch (error) {
      return Promise.reject(error);
    }
    if (ready !== undefined) return Promise.resolve(ready);
    this.#pullSettles = settles;
    const pulling = new Promise<IteratorResult<StreamPart, undefined>>(this.#holdPull);
    this.#pulling = pulling;
    this.#askProvider();
    return pulling;
  }

  #pullAfter(settles: boolean): () => Promise<IteratorResult<StreamPart, undefined>> {
    return () => this.#pull(settles);
  }

  /** What a pull can answer without the provider: a queued part or the end (or it throws the abort's reason); undefined to ask. */
  #ready(settles: boolean): IteratorResult<StreamPart, undefined> | undefined {
    if (this.#queue.length > 0) return { done: false, value: this.#queue.shift()! };
    if (this.#exhausted) {
      if (settles) this.#settle('finished');
      return DONE;
    }
    if (this.#cancellation.aborted) {
      if (settles) this.#settle('failed');
      throw this.#cancellation.reason;
    }
    return undefined;
  }

  readonly #holdPull = (resolve: (result: IteratorResult<StreamPart, undefined>) => void, reject: (reason: unknown) => void) => {
    this.#resolvePull = resolve;
    this.#rejectPull = reject;
  };

  #askProvider(): void {
    try {
      this.#iterator!.next().then(this.#onChunk, this.#onChunkFailed);
    } catch (error) {
      this.#onChunkFailed(error);
    }
  }

  /** The provider's next chunk, for the pull waiting on it (none when an abort already rejected it). */
  readonly #onChunk = (result: IteratorResult<ProviderChunk>): void => {
    const resolve = this.#resolvePull;
    if (resolve === undefined) return;
    if (result.done) this.#exhausted = true;
    else {
      const chunk = result.value;
      if (typeof chunk !== 'string' && chunk.type === 'response-info') {
        const { type: _type, ...info } = chunk;
        this.#response = { ...this.#response, ...info };
      } else {
        const part = toPart(chunk);
        // A provider that joined pieces the caller did not ask for: the caller still gets one part per piece.
        if (part?.type === 'text' && part.pieces !== undefined && this.#input.textParts !== 'per-read') {
          for (const text of part.pieces) if (text !== '') this.#queue.push({ type: 'text', text });
        } else if (part) this.#queue.push(part.type === 'tool-call' || part.type === 'tool-call-delta' ? this.#withUniqueId(part) : part);
      }
    }
    // Rejected as soon as the attempt aborts: a provider that ignores its signal cannot hang the call.
    if (this.#queue.length === 0 && !this.#exhausted && !this.#cancellation.aborted) {
      this.#askProvider();
      return;
    }
    const settles = this.#pullSettles;
    const reject = this.#rejectPull!;
    this.#endPull();
    try {
      resolve(this.#ready(settles)!);
    } catch (reason) {
      reject(reason);
    }
  };

  readonly #onChunkFailed = (error: unknown): void => {
    if (this.#rejectPull === undefined) return;
    this.#failPull(this.#cancellation.aborted ? this.#cancellation.reason : error);
  };

  /** Rejects the waiting pull (settling the attempt when that pull settles it). */
  #failPull(reason: unknown): void {
    const reject = this.#rejectPull!;
    const settles = this.#pullSettles;
    this.#endPull();
    if (settles) this.#settle('failed');
    reject(reason);
  }

  #endPull(): void {
    this.#pulling = undefined;
    this.#resolvePull = undefined;
    this.#rejectPull = undefined;
  }

  /**
   * Tool-call ids must be unique in a response (a `tool` message answers exactly one call). A
   * provider that sends none, or reuses one for a second call, gets ids made unique here; the
   * deltas of one call and the call itself keep sharing theirs.
   */
  #withUniqueId<P extends Extract<StreamPart, { type: 'tool-call' | 'tool-call-delta' }>>(part: P): P {
    const sent = part.toolCallId;
    // Made at the first tool call: most answers have none.
    const { open, used, nextSuffix } = (this.#toolCallIds ??= { open: new Map(), used: new Set(), nextSuffix: new Map() });
    let id = open.get(sent);
    if (id === undefined) {
      id = sent || `call_${used.size + 1}`;
      if (used.has(id)) {
        // Each base remembers where its suffixes stopped: a provider repeating one id n times costs n steps, not n².
        const base = sent || 'call';
        let suffix = nextSuffix.get(base) ?? 2;
        while (used.has(`${base}_${suffix}`)) suffix++;
        id = `${base}_${suffix}`;
        nextSuffix.set(base, suffix + 1);
      }
      used.add(id);
      open.set(sent, id);
    }
    // The whole call closes it: a later part with the same id is another call.
    if (part.type === 'tool-call') open.delete(sent);
    return id === sent ? part : { ...part, toolCallId: id };
  }

  #arm(): void {
    const { clock, deadline } = this.#input;
    const end = Math.min(this.#ends.attempt, deadline.at, this.#state === 'waiting-for-text' ? this.#ends.firstText : Infinity);
    this.#timer = clock.setTimeout(this.#onTimer, Math.max(0, end - clock.now()));
  }

  #timerFired(): void {
    this.#timer = undefined;
    const { clock, deadline, candidate } = this.#input;
    const now = clock.now();
    const where = { provider: candidate.provider.id, model: candidate.model };
    if (now >= deadline.at) this.#abort(new TimeoutError({ phase: 'deadline', timeoutMs: deadline.ms }));
    else if (this.#state === 'waiting-for-text' && now >= this.#ends.firstText) {
      this.#abort(new TimeoutError({ phase: 'first-chunk', timeoutMs: this.#input.firstChunkTimeoutMs, ...where }));
    } else if (now >= this.#ends.attempt) this.#abort(new TimeoutError({ phase: 'attempt', timeoutMs: this.#input.attemptTimeoutMs, ...where }));
    else this.#arm();
  }

  #abort(reason: unknown): void {
    if (this.#cancellation.aborted) return;
    this.#cancellation.abort(reason);
    if (this.#rejectPull) this.#failPull(reason);
  }

  #settle(state: 'finished' | 'failed' | 'closed'): void {
    if (this.#state !== 'waiting-for-text' && this.#state !== 'streaming') return;
    this.#state = state;
    if (this.#timer !== undefined) this.#input.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#input.signal?.removeEventListener('abort', this.#onCallerAbort);
    // Let the provider release its request; its own errors on the way out are of no interest.
    this.#iterator?.return?.()?.catch?.(() => {});
  }
}

/** A provider chunk as a part; empty text is dropped (it is not an answer). */
function toPart(chunk: Exclude<ProviderChunk, ResponseInfoStreamPart>): StreamPart | undefined {
  if (typeof chunk === 'string') return chunk === '' ? undefined : { type: 'text', text: chunk };
  if (chunk.type === 'text' && chunk.text === '') return undefined;
  return chunk;
}
