import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { FinishReason, StreamPart, Usage } from '../provider/stream-part.js';
import type { ToolCall } from '../provider/tool.js';
import { AttemptTrace, firstLine } from './attempt-trace.js';
import { type AttemptTarget, type BudgetCheck, type CallAnswer, type CallObserver, NO_OBSERVER } from './call-observer.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import { describeTrailEntry, type CallSummary } from './call-summary.js';
import { conventionFinishReason, inputMessagesJson } from './content-capture.js';
import { errorType } from './error-type.js';
import { ATTR, CHAT_OPERATION } from './genai-conventions.js';
import type { GenAiMetrics } from './genai-metrics.js';
import type { OtelApiModule } from './otel-api.js';
import type { RequestFacts } from './request-attributes.js';
import { requestAttributes } from './request-attributes.js';
import { attemptContextKey, type AttemptContextValue } from './trace-context.js';

/** Everything one call's telemetry needs, given by the registry's telemetry. */
export interface CallTraceInput {
  api: OtelApiModule;
  /** Undefined when traces are off (metrics only). */
  tracer: Tracer | undefined;
  /** Undefined when metrics are off (traces only). */
  metrics: GenAiMetrics | undefined;
  clock: { now(): number };
  captureContent: boolean;
  /** The circuit state of a provider's model as the attempt starts (`closed`, `half-open`). */
  circuitState(provider: string, model: string): string;
  /** Called with what a span processor or metric reader threw: telemetry never fails a call. */
  onFailure(error: unknown): void;
  /** The name the caller asked for. */
  modelId: string;
  mode: 'generate' | 'stream';
  /** When the call started, on the registry's clock. */
  startedAt: number;
}

/** An unsampled call's attempts only pass its trace context on: nothing to record. */
const PROPAGATE_ONLY: AttemptContextValue = Object.freeze({ serverAt: () => {} });

/**
 * The telemetry of one call: its INTERNAL span (the call as the host asked it: the requested
 * model, the decision trail, the answer's usage), a CLIENT span per attempt under it, and the
 * metrics once it ends. Whatever the SDK throws is reported and swallowed.
 */
export class CallTrace implements CallObserver {
  readonly recording = true;
  readonly #in: CallTraceInput;
  readonly #stream: boolean;
  readonly #span: Span | undefined;
  /** The context attempts run in (the call span in the caller's context); undefined: attempts run bare. */
  readonly #attemptParent: Context | undefined;
  readonly #recordsSpans: boolean;
  /** The call's own request attributes (its id, its settings as asked, its output type). */
  readonly #request: Attributes = {};
  /** What every attempt carries of the call (its id and output type; settings are each provider's). */
  readonly #attemptRequest: Attributes = {};
  #attempt: AttemptTrace | undefined;
  /** The failed attempts the registry decided about, for a failure whose error carries no trail. */
  readonly #decided: AttemptRecord[] = [];
  #target: AttemptTarget | undefined;
  #budget: BudgetCheck | undefined;
  #firstChunkAt: number | undefined;
  /** What the answering provider said of its answer. */
  #response: { id?: string; model?: string } | undefined;
  // A stream's answer, gathered from its parts.
  #text = '';
  readonly #toolCalls: ToolCall[] = [];
  #usage: Usage | undefined;
  #finishReason: FinishReason | undefined;

  private constructor(input: CallTraceInput) {
    this.#in = input;
    this.#stream = input.mode === 'stream';
    const { api, tracer, modelId } = input;
    let span: Span | undefined;
    let attemptParent: Context | undefined;
    let recordsSpans = false;
    if (tracer) {
      try {
        const parent = api.context.active();
        span = tracer.startSpan(
          `switchboard.${input.mode} ${modelId}`,
          {
            kind: api.SpanKind.INTERNAL,
            attributes: { [ATTR.operationName]: CHAT_OPERATION, [ATTR.requestModel]: modelId, [ATTR.requestStream]: this.#stream },
          },
          parent,
        );
        recordsSpans = span.isRecording();
        if (recordsSpans) attemptParent = api.trace.setSpan(parent, span);
        // Sampled out: nothing is recorded, but the upstream still learns the trace and its decision.
        else if (api.trace.isSpanContextValid(span.spanContext()))
          attemptParent = api.trace.setSpan(parent, span).setValue(attemptContextKey(api), PROPAGATE_ONLY);
      } catch (error) {
        input.onFailure(error);
      }
    }
    this.#span = span;
    this.#attemptParent = attemptParent;
    this.#recordsSpans = recordsSpans;
  }

  /**
   * The observer of a call: a CallTrace, or the shared no-op observer when it would record
   * nothing (a tracer that records nothing, as the API's no-op tracer or a sampler that drops
   * the call, with no trace context to pass on and no metrics).
   */
  static start(input: CallTraceInput): CallObserver {
    const trace = new CallTrace(input);
    if (trace.#recordsSpans || trace.#attemptParent !== undefined || input.metrics !== undefined) return trace;
    trace.#guard(() => trace.#span?.end());
    return NO_OBSERVER;
  }

  prepared(facts: { requestId: string } & RequestFacts): void {
    this.#request[ATTR.requestId] = facts.requestId;
    requestAttributes(facts, this.#request);
    this.#attemptRequest[ATTR.requestId] = facts.requestId;
    if (facts.outputType !== undefined) this.#attemptRequest[ATTR.outputType] = facts.outputType;
    if (this.#recordsSpans) this.#guard(() => this.#span!.setAttributes(this.#request));
  }

  attempt<C extends AttemptTarget, T>(target: C, attempt: number, run: (target: C) => Promise<T>): Promise<T> {
    this.#target = target;
    const parent = this.#attemptParent;
    if (parent === undefined) return run(target);
    const { api } = this.#in;
    if (!this.#recordsSpans) return api.context.with(parent, run, undefined, target);
    let trace: AttemptTrace;
    try {
      trace = this.#startAttempt(target, attempt, parent);
    } catch (error) {
      this.#in.onFailure(error);
      return api.context.with(parent, run, undefined, target);
    }
    this.#attempt = trace;
    const context = api.trace.setSpan(parent, trace.span).setValue(attemptContextKey(api), trace);
    return api.context.with(context, run, undefined, target).then(undefined, (error: unknown) => {
      this.#guard(() => trace.fail(error));
      throw error;
    });
  }

  #startAttempt(target: AttemptTarget, attempt: number, parent: Context): AttemptTrace {
    const { api, tracer, clock } = this.#in;
    const provider = target.provider.id;
    const attributes: Attributes = {
      [ATTR.operationName]: CHAT_OPERATION,
      [ATTR.providerName]: provider,
      [ATTR.requestModel]: target.model,
      [ATTR.requestStream]: this.#stream,
      ...this.#attemptRequest,
      [ATTR.attempt]: attempt,
      [ATTR.circuitState]: this.#in.circuitState(provider, target.model),
    };
    requestAttributes({ settings: target.settings, outputType: undefined }, attributes);
    const budget = this.#budget;
    if (budget !== undefined && budget.provider === provider && budget.model === target.model) {
      attributes[ATTR.budgetOutcome] = budget.outcome;
      if (budget.limit !== undefined) attributes[ATTR.budgetLimit] = budget.limit;
      this.#budget = undefined;
    }
    if (this.#in.captureContent) attributes[ATTR.inputMessages] = inputMessagesJson(target.messages, target.media);
    const span = tracer!.startSpan(`${CHAT_OPERATION} ${target.model}`, { kind: api.SpanKind.CLIENT, attributes }, parent);
    return new AttemptTrace(api, span, clock.now());
  }

  decided(entry: AttemptRecord, retryDelayMs: number | undefined): void {
    this.#decided.push(entry);
    const attempt = this.#attempt;
    if (attempt !== undefined) this.#guard(() => attempt.decide(entry, retryDelayMs));
  }

  budgetChecked(check: BudgetCheck): void {
    if (check.outcome === 'reserved') {
      this.#budget = check;
      return;
    }
    if (!this.#recordsSpans) return;
    const attributes: Attributes = { [ATTR.providerName]: check.provider, [ATTR.model]: check.model };
    if (check.limit !== undefined) attributes[ATTR.budgetLimit] = check.limit;
    this.#guard(() => this.#span!.addEvent('switchboard.budget.refused', attributes));
  }

  firstChunk(at: number): void {
    this.#firstChunkAt = at;
    const attempt = this.#attempt;
    if (attempt !== undefined) this.#guard(() => attempt.span.setAttribute(ATTR.responseTimeToFirstChunk, (at - attempt.startedAt) / 1000));
  }

  responded(response: { id?: string; model?: string }): void {
    this.#response = response;
    const attempt = this.#attempt;
    if (attempt !== undefined && response.id !== undefined) this.#guard(() => attempt.span.setAttribute(ATTR.responseId, response.id!));
  }

  part(part: StreamPart): void {
    if (part.type === 'text') {
      if (this.#in.captureContent) this.#text += part.text;
    } else if (part.type === 'tool-call') {
      if (this.#in.captureContent) this.#toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: part.arguments });
    } else if (part.type === 'usage') this.#usage = part.usage;
    else if (part.type === 'finish') this.#finishReason = part.finishReason;
  }

  succeeded(trail: readonly AttemptRecord[], answer: CallAnswer | undefined): void {
    const whole = answer ?? { text: this.#text, toolCalls: this.#toolCalls, finishReason: this.#finishReason ?? 'stop', usage: this.#usage };
    const attempt = this.#attempt;
    const target = this.#target;
    if (attempt !== undefined && target !== undefined)
      this.#guard(() => attempt.succeed(whole, { model: this.#response?.model ?? target.model, capture: this.#in.captureContent }));
    this.#end(trail, whole, undefined);
  }

  failed(error: unknown): void {
    const attempt = this.#attempt;
    // An attempt still open failed with the call: aborted, timed out, or cut off mid-stream.
    if (attempt !== undefined && !attempt.ended)
      this.#guard(() => {
        attempt.fail(error);
        attempt.end();
      });
    const carried = (error as { attempts?: unknown } | null)?.attempts;
    this.#end(Array.isArray(carried) ? (carried as AttemptRecord[]) : this.#decided, undefined, error);
  }

  #end(trail: readonly AttemptRecord[], answer: CallAnswer | undefined, error: unknown): void {
    const failed = answer === undefined;
    const target = this.#target;
    const summary: CallSummary = {
      requestedModel: this.#in.modelId,
      stream: this.#stream,
      provider: target?.provider.id,
      model: failed ? target?.model : (this.#response?.model ?? target?.model),
      durationMs: this.#in.clock.now() - this.#in.startedAt,
      firstChunkMs: this.#stream && this.#firstChunkAt !== undefined ? this.#firstChunkAt - this.#in.startedAt : undefined,
      usage: answer?.usage,
      finishReason: answer?.finishReason,
      errorType: failed ? errorType(error) : undefined,
      trail,
    };
    const span = this.#span;
    if (span !== undefined)
      this.#guard(() => {
        if (this.#recordsSpans) span.setAttributes(this.#endAttributes(summary));
        if (failed) span.setStatus({ code: this.#in.api.SpanStatusCode.ERROR, message: firstLine(error) });
        span.end();
      });
    const metrics = this.#in.metrics;
    if (metrics !== undefined) this.#guard(() => metrics.recordCall(summary));
  }

  #endAttributes(summary: CallSummary): Attributes {
    let attempts = 0;
    let fallbacks = 0;
    for (const entry of summary.trail) {
      if (entry.outcome !== 'skipped') attempts++;
      if (entry.decision === 'fallback') fallbacks++;
    }
    const attributes: Attributes = {
      [ATTR.attemptCount]: attempts,
      [ATTR.fallbackCount]: fallbacks,
      [ATTR.attemptTrail]: summary.trail.map(describeTrailEntry),
    };
    if (summary.errorType !== undefined) {
      attributes[ATTR.errorType] = summary.errorType;
      return attributes;
    }
    if (summary.provider !== undefined) attributes[ATTR.providerName] = summary.provider;
    if (summary.model !== undefined) attributes[ATTR.responseModel] = summary.model;
    if (this.#response?.id !== undefined) attributes[ATTR.responseId] = this.#response.id;
    if (summary.finishReason !== undefined) attributes[ATTR.responseFinishReasons] = [conventionFinishReason(summary.finishReason)];
    if (summary.usage?.promptTokens !== undefined) attributes[ATTR.usageInputTokens] = summary.usage.promptTokens;
    if (summary.usage?.completionTokens !== undefined) attributes[ATTR.usageOutputTokens] = summary.usage.completionTokens;
    if (summary.firstChunkMs !== undefined) attributes[ATTR.responseTimeToFirstChunk] = summary.firstChunkMs / 1000;
    return attributes;
  }

  #guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.#in.onFailure(error);
    }
  }
}
