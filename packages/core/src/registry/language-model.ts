import { EmptyResponseError } from '../errors/empty-response-error.js';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import { Attempt } from '../orchestration/attempt.js';
import type { Reservation } from '../orchestration/budgets.js';
import { CallScope } from '../orchestration/call-scope.js';
import type { Candidate } from '../orchestration/candidate.js';
import { estimatePromptTokens, spentTokens } from '../orchestration/estimate-tokens.js';
import { runWithFallback, type FallbackPlan } from '../orchestration/run-with-fallback.js';
import { isBlank } from '../provider/is-blank.js';
import type { Prompt } from '../provider/message.js';
import type { FinishReason, StreamPart, Usage, WarningStreamPart } from '../provider/stream-part.js';
import type { ResponseFormat } from '../provider/response-format.js';
import type { ToolCall } from '../provider/tool.js';
import { STREAM_CLOSED, type CallObserver } from '../telemetry/call-observer.js';
import { parseStructuredAnswer } from '../tools/parse-structured-answer.js';
import { repairRequest } from '../tools/structured-output-prompt.js';
import { buildCandidates } from './build-candidates.js';
import { handOffStream, PartHandOff } from './hand-off-stream.js';
import type { CallOptions } from './call-options.js';
import type { CatalogEntry } from './model-catalog.js';
import { prepareCallAtOnce, type PreparedCall } from './prepare-call.js';
import type { RegistryRuntime } from './registry-runtime.js';

/** What `generate` resolves with. `OBJECT` is the type of `object`, inferred from a Standard Schema response format. */
export interface GenerateResult<OBJECT = unknown> {
  /** The whole answer. */
  text: string;
  /** Id of the provider that answered. */
  provider: string;
  /** Provider-side model that answered. */
  model: string;
  /** The name the caller asked for. */
  requestedModel: string;
  finishReason: FinishReason;
  usage: Usage | undefined;
  /** Things the caller should know (media left out, a folded system message). */
  warnings: WarningStreamPart[];
  /** The tools the model called (ids unique in this response); answer each with a `tool` message. */
  toolCalls: ToolCall[];
  /**
   * With a JSON response format: the answer parsed and, for `json_schema`, validated (by the
   * Standard Schema when one was given, whose output it is, typed). Undefined when the model
   * answered with tool calls instead.
   */
  object?: OBJECT;
  /** Every attempt, failed ones included, in order. */
  attempts: AttemptRecord[];
}

/** What `stream` returns: iterate it for parts; `provider`, `model`, `attempts` and `firstChunkMs` fill in as it runs. */
export interface ModelStream extends AsyncIterable<StreamPart> {
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly attempts: readonly AttemptRecord[];
  /**
   * Milliseconds from the start of the call (its first iteration) to its first text or tool call,
   * failed attempts and back-offs included: what the caller waited. The same measurement as the
   * `gen_ai.client.operation.time_to_first_chunk` metric. Undefined until then.
   */
  readonly firstChunkMs: number | undefined;
}

/** A model as a host app uses it: `registry.create('gemini-2.0-flash')`. */
export interface LanguageModel {
  /** The name it was created with. */
  readonly modelId: string;
  /** The providers serving it (before per-call filtering), in registration order. */
  readonly providers: readonly { provider: string; model: string }[];
  /**
   * The whole answer. With `responseFormat: { type: 'json_schema', schema }` and a Standard Schema
   * (zod, valibot, ArkType), `result.object` has the schema's output type.
   */
  generate<OBJECT = unknown>(prompt: Prompt, options?: CallOptions<OBJECT>): Promise<GenerateResult<OBJECT>>;
  stream(prompt: Prompt, options?: CallOptions): ModelStream;
}

/** A call's budget slot outlives its deadline by this much at most (a replica that died holding it). */
const CALL_HOLD_MARGIN_MS = 5_000;

/** One call, checked and planned. */
interface PlannedCall {
  call: PreparedCall;
  plan: FallbackPlan;
}

/** Creates the model object for a resolved name. Cheap: the registry caches one per name. */
export function createLanguageModel(modelId: string, entries: readonly CatalogEntry[], runtime: RegistryRuntime): LanguageModel {
  const providers = entries.map(({ provider, model }) => ({ provider: provider.id, model }));

  /**
   * Checks and plans a call; at once (no promise, throwing rather than rejecting) when it has
   * nothing to wait for, as a call with no options has not. Called inside generate's and stream's
   * async functions, so a throw still reaches the caller as a rejection.
   */
  const planCall = (prompt: Prompt, options: CallOptions | undefined, trace: CallObserver): PlannedCall | Promise<PlannedCall> => {
    runtime.assertOpen();
    const preparing = prepareCallAtOnce(prompt, options, { defaults: runtime.defaults, providers: runtime.providers, modelId, entries });
    return preparing instanceof Promise ? preparing.then((call) => plan(call, trace)) : plan(preparing, trace);
  };

  const plan = (call: PreparedCall, trace: CallObserver): PlannedCall => {
    const { candidates, skipped } = buildCandidates({ modelId, entries, call, runtime });
    const scope = new CallScope({ clock: runtime.clock, callerSignal: call.signal, deadlineMs: call.resilience.deadlineMs });
    // Counted only when a budget will use it: most registries have none.
    const promptTokens = call.budget || runtime.budgets.active ? estimatePromptTokens(call.messages, call.media.length) : 0;
    const { maxOutputTokens } = call.settings;
    const requestId = runtime.nextRequestId();
    if (trace.recording) trace.prepared({ requestId, settings: call.settings, outputType: outputTypeOf(call.tools.responseFormat) });
    return { call, plan: { requestId, modelId, candidates, skipped, options: call.resilience, scope, promptTokens, maxOutputTokens, trace } };
  };

  /** The caller's own budget, reserved for the whole call (throws `BudgetExceededError` past it). */
  const reserveCall = ({ call, plan }: PlannedCall): Promise<Reservation> | undefined =>
    call.budget &&
    runtime.budgets.reserveCall(call.budget, {
      model: modelId,
      promptTokens: plan.promptTokens,
      maxOutputTokens: plan.maxOutputTokens,
      holdMs: call.resilience.deadlineMs + CALL_HOLD_MARGIN_MS,
    });

  /** Ends the call's reservations with the tokens it used. */
  const settle = (reservations: readonly (Reservation | undefined)[], tokens: number) => {
    for (const reservation of reservations) if (reservation) runtime.budgets.settle(reservation, tokens);
  };

  const startAttempt = (candidate: Candidate, { call, plan }: PlannedCall, mode: 'generate' | 'stream') =>
    Attempt.start({
      mode,
      textParts: call.textParts,
      tools: call.tools,
      candidate,
      proxy: call.proxy,
      extra: call.providerOptions[candidate.provider.id] ?? {},
      // The contract promises providers a logger bound to this provider and request; a silent
      // logger (the default) gets no child, which would cost more than the rest of the attempt.
      logger: candidate.logger.isLevelEnabled?.('fatal') === false ? candidate.logger : candidate.logger.child({ requestId: plan.requestId }),
      clock: runtime.clock,
      signal: plan.scope.callerSignal,
      deadline: plan.scope.deadline,
      attemptTimeoutMs: call.resilience.attemptTimeoutMs,
      firstChunkTimeoutMs: call.resilience.firstChunkTimeoutMs,
    });

  /** One whole answer, through the fallback loop (structured output repaired when the prompt fallback allows). */
  const answer = (planned: PlannedCall) => {
    const format = planned.call.tools.responseFormat;
    const repairs = planned.call.tools.promptFallback?.repairAttempts ?? 0;
    return runWithFallback(runtime, planned.plan, async (next) => {
      let candidate = next;
      for (let repair = 0; ; repair++) {
        const attempt = await startAttempt(candidate, planned, 'generate');
        let answer: Awaited<ReturnType<typeof collect>>;
        try {
          answer = await collect(attempt, candidate);
        } finally {
          attempt.close();
        }
        if (planned.plan.trace.recording && attempt.response) planned.plan.trace.responded(attempt.response);
        if (!format || format.type === 'text' || answer.toolCalls.length > 0) return answer;
        try {
          const where = { provider: candidate.provider.id, model: candidate.model };
          return { ...answer, object: await parseStructuredAnswer(answer.text, format, where, runtime.defaults, planned.call.tools.answerSchema) };
        } catch (error) {
          // Through the prompt fallback, the model gets bounded chances to fix its answer.
          if (!StructuredOutputError.isInstance(error) || candidate.structuredOutput !== 'prompt' || repair >= repairs) throw error;
          candidate = { ...candidate, messages: repairRequest(candidate.messages, error) };
        }
      }
    });
  };

  return {
    modelId,
    providers,

    async generate(prompt, options) {
      // The shared no-op observer, at once, while no OpenTelemetry SDK listens.
      const observing = runtime.telemetry.startCall(modelId, 'generate', runtime.clock.now());
      const trace = observing instanceof Promise ? await observing : observing;
      // One async function for the whole call (planned, answered, its budget settled, its telemetry
      // told): each layer of them costs a frame and a promise per call.
      let result: GenerateResult<never>;
      try {
        const planning = planCall(prompt, options, trace);
        const planned = planning instanceof Promise ? await planning : planning;
        // Awaited only when the caller set a budget: most calls have none and skip the tick.
        const reservingCall = reserveCall(planned);
        const callReservation = reservingCall && (await reservingCall);
        try {
          const answered = await answer(planned);
          const { value } = answered;
          // Counted only when a budget holds a reservation: most calls have none.
          if (answered.reservation || callReservation) {
            const tokens = spentTokens({
              usage: value.usage,
              promptTokens: planned.plan.promptTokens,
              answerCharacters: answerLength(value.text, value.toolCalls),
            });
            settle([answered.reservation, callReservation], tokens);
          }
          // The object is what the caller's schema made of the answer: of the type its options inferred.
          result = generateResult(value, answered.candidate, modelId, answered.attempts) as GenerateResult<never>;
        } finally {
          if (callReservation) settle([callReservation], planned.plan.promptTokens);
        }
      } catch (error) {
        trace.failed(error);
        throw error;
      }
      trace.succeeded(result.attempts, result);
      return result;
    },

    stream(prompt, options) {
      const state: { provider: string | undefined; model: string | undefined; attempts: AttemptRecord[]; firstChunkMs: number | undefined } = {
        provider: undefined,
        model: undefined,
        attempts: [],
        firstChunkMs: undefined,
      };
      let iterated = false;
      async function* run(): AsyncGenerator<StreamPart | PartHandOff, void, undefined> {
        const startedAt = runtime.clock.now();
        const observing = runtime.telemetry.startCall(modelId, 'stream', startedAt);
        const trace = observing instanceof Promise ? await observing : observing;
        let planned: PlannedCall;
        try {
          const planning = planCall(prompt, options, trace);
          planned = planning instanceof Promise ? await planning : planning;
        } catch (error) {
          trace.failed(error);
          throw error;
        }
        const { scope } = planned.plan;
        const format = planned.call.tools.responseFormat;
        let callReservation: Reservation | undefined;
        try {
          const reservingCall = reserveCall(planned);
          callReservation = reservingCall && (await reservingCall);
        } catch (error) {
          trace.failed(error);
          throw error;
        }
        let reservation: Reservation | undefined;
        let attempt: Attempt | undefined;
        let candidate: Candidate | undefined;
        let deliveredCharacters = 0;
        let deliveredParts = 0;
        let invalidAnswer: StructuredOutputError | undefined;
        let usage: Usage | undefined;
        let traced = false;
        try {
          const result = await runWithFallback(runtime, planned.plan, (next) => startAttempt(next, planned, 'stream'));
          // The one measurement of the first chunk: the stream's firstChunkMs and the telemetry's.
          const firstChunkAt = runtime.clock.now();
          state.firstChunkMs = firstChunkAt - startedAt;
          trace.firstChunk(firstChunkAt);
          reservation = result.reservation;
          attempt = result.value;
          candidate = result.candidate;
          state.provider = candidate.provider.id;
          state.model = candidate.model;
          state.attempts = result.attempts;
          yield { type: 'provider-info', provider: candidate.provider.id, model: candidate.model };
          yield* candidate.warnings;
          let finished = false;
          const deliver = (part: StreamPart) => {
            if (part.type === 'text') {
              deliveredCharacters += part.text.length;
              deliveredParts++;
            } else if (part.type === 'tool-call-delta') {
              deliveredCharacters += part.argumentsDelta.length;
              deliveredParts++;
            } else if (part.type === 'tool-call') deliveredParts++;
            else if (part.type === 'finish') finished = true;
            else if (part.type === 'usage') usage = part.usage;
            if (trace.recording) trace.part(part);
            return part;
          };
          // A JSON answer is checked at its end, as generate() checks it: its finish part waits for
          // the verdict, so a consumer never sees a finished stream whose answer breaks the format.
          const answer = format && format.type !== 'text' ? { text: '', toolCalls: 0, finish: undefined as StreamPart | undefined } : undefined;
          const pass = (part: StreamPart): StreamPart | undefined => {
            if (!answer) return part;
            if (part.type === 'text') answer.text += part.text;
            else if (part.type === 'tool-call' || part.type === 'tool-call-delta') answer.toolCalls++;
            else if (part.type === 'finish') {
              answer.finish = part;
              return undefined;
            }
            return part;
          };
          for (const part of attempt.head) {
            const passed = pass(part);
            if (passed) yield deliver(passed);
          }
          // The rest goes to the consumer without passing through this generator, which resumes
          // here at its end, or with the error that ended it.
          yield new PartHandOff(
            () => attempt!.next(),
            (part) => {
              const passed = pass(part);
              return passed && deliver(passed);
            },
          );
          if (answer && format && format.type !== 'text' && answer.toolCalls === 0) {
            try {
              await parseStructuredAnswer(answer.text, format, { provider: candidate.provider.id, model: candidate.model }, runtime.defaults);
            } catch (error) {
              if (StructuredOutputError.isInstance(error)) invalidAnswer = error;
              throw error;
            }
          }
          if (answer?.finish) yield deliver(answer.finish);
          if (!finished) yield { type: 'finish', finishReason: 'stop' };
          if (trace.recording && attempt.response) trace.responded(attempt.response);
          traced = true;
          trace.succeeded(state.attempts, undefined);
        } catch (error) {
          const failure = streamFailure(error);
          traced = true;
          trace.failed(failure);
          throw failure;
        } finally {
          attempt?.close();
          // Whatever ended the stream, what was delivered was spent.
          settle([reservation, callReservation], spentTokens({ usage, promptTokens: planned.plan.promptTokens, answerCharacters: deliveredCharacters }));
          // The consumer stopped reading before the end (a client that left the gateway).
          if (!traced) trace.failed(STREAM_CLOSED);
        }

        /** What a failed stream throws, once its provider's circuit heard of it. */
        function streamFailure(error: unknown): unknown {
          if (scope.callerAborted) return scope.callerSignal!.reason;
          if (invalidAnswer !== undefined && error === invalidAnswer && candidate) {
            // The stream arrived whole but broke its format: the same error generate() gives.
            runtime.breakers.recordFailure(candidate.provider.id, candidate.model, error);
            return error;
          }
          if (attempt && candidate) {
            // The provider failed mid-stream: count it against its circuit, and say how much the caller got.
            runtime.breakers.recordFailure(candidate.provider.id, candidate.model, error);
            return new StreamInterruptedError({ provider: candidate.provider.id, model: candidate.model, deliveredCharacters, deliveredParts, cause: error });
          }
          return error;
        }
      }
      return {
        get provider() {
          return state.provider;
        },
        get model() {
          return state.model;
        },
        get attempts() {
          return state.attempts;
        },
        get firstChunkMs() {
          return state.firstChunkMs;
        },
        [Symbol.asyncIterator]() {
          if (iterated) throw new TypeError('A model stream can be iterated only once; call model.stream() again for a new request.');
          iterated = true;
          return handOffStream(run());
        },
      };
    },
  };
}

/**
 * What `generate` resolves with, fields written out in the order a spread of the answer gave them:
 * a spread plus four more fields builds a slow dictionary object, some 2 KB per call.
 */
function generateResult(answer: Answer, candidate: Candidate, requestedModel: string, attempts: AttemptRecord[]): GenerateResult {
  const { text, finishReason, usage, warnings, toolCalls } = answer;
  const provider = candidate.provider.id;
  const { model } = candidate;
  if (!('object' in answer)) return { text, finishReason, usage, warnings, toolCalls, provider, model, requestedModel, attempts };
  return { text, finishReason, usage, warnings, toolCalls, object: answer.object, provider, model, requestedModel, attempts };
}

/** `gen_ai.output.type` of a call: `json` for a JSON response format, `text` for an explicit text one. */
function outputTypeOf(format: ResponseFormat | undefined): 'text' | 'json' | undefined {
  if (format === undefined) return undefined;
  return format.type === 'text' ? 'text' : 'json';
}

/** How long an answer is, in characters: its text and its tool calls' arguments (for a token estimate when the provider reports no usage). */
function answerLength(text: string, toolCalls: readonly ToolCall[]): number {
  let length = text.length;
  for (const call of toolCalls) length += call.name.length + call.arguments.length;
  return length;
}

/** One whole answer, as `collect` drains it (with the parsed object of a JSON answer). */
interface Answer {
  text: string;
  finishReason: FinishReason;
  usage: Usage | undefined;
  warnings: WarningStreamPart[];
  toolCalls: ToolCall[];
  object?: unknown;
}

/** Drains an attempt into one answer; an answer with no tool call and only white space is empty. */
async function collect(attempt: Attempt, candidate: Candidate): Promise<Answer> {
  const answer: Answer = { text: '', finishReason: 'stop', usage: undefined, warnings: [...candidate.warnings], toolCalls: [] };
  for (const part of attempt.head) take(answer, part);
  for (;;) {
    const next = await attempt.next();
    if (next.done) break;
    take(answer, next.value);
  }
  if (answer.toolCalls.length === 0 && isBlank(answer.text)) throw new EmptyResponseError({ provider: candidate.provider.id, model: candidate.model });
  return answer;
}

/** Adds a part to the answer being collected (a function of its own: a closure would keep every local of `collect` in a context). */
function take(answer: Answer, part: StreamPart): void {
  if (part.type === 'text') answer.text += part.text;
  else if (part.type === 'tool-call') answer.toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.arguments });
  else if (part.type === 'finish') answer.finishReason = part.finishReason;
  else if (part.type === 'usage') answer.usage = part.usage;
  else if (part.type === 'warning') answer.warnings.push(part);
}
