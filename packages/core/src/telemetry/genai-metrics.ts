import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { ATTR, CHAT_OPERATION, DURATION_BUCKETS, METRIC, TOKEN_BUCKETS } from './genai-conventions.js';
import type { AttemptRecord } from '../errors/attempt-record.js';
import type { CallSummary } from './call-summary.js';

/**
 * The instruments of one meter: the conventions' client metrics (per call, as the host sees the
 * operation: retries and fallbacks included) and ours (attempts, retries, fallbacks, circuit
 * transitions). Made once per meter provider and reused by every call.
 */
export class GenAiMetrics {
  readonly #duration: Histogram;
  readonly #tokens: Histogram;
  readonly #firstChunk: Histogram;
  readonly #attempts: Counter;
  readonly #retries: Counter;
  readonly #fallbacks: Counter;
  readonly #circuitTransitions: Counter;

  constructor(meter: Meter) {
    const seconds = { unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
    this.#duration = meter.createHistogram(METRIC.operationDuration, { ...seconds, description: 'GenAI operation duration.' });
    this.#tokens = meter.createHistogram(METRIC.tokenUsage, {
      unit: '{token}',
      description: 'Number of input and output tokens used.',
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
    this.#firstChunk = meter.createHistogram(METRIC.timeToFirstChunk, {
      ...seconds,
      description: 'Time to receive the first chunk, from when the call was made to when its first text or tool call arrived.',
    });
    this.#attempts = meter.createCounter(METRIC.attempts, { unit: '{attempt}', description: 'Attempts on a provider, by outcome and error kind.' });
    this.#retries = meter.createCounter(METRIC.retries, { unit: '{retry}', description: 'Attempts retried on the same provider.' });
    this.#fallbacks = meter.createCounter(METRIC.fallbacks, { unit: '{fallback}', description: 'Moves from one provider to the next.' });
    this.#circuitTransitions = meter.createCounter(METRIC.circuitTransitions, {
      unit: '{transition}',
      description: 'Circuit breaker state changes per provider and model.',
    });
  }

  /** Records one finished call: its duration, tokens, first chunk and every attempt of its trail. */
  recordCall(call: CallSummary): void {
    if (call.provider !== undefined) {
      const attributes: Attributes = {
        [ATTR.operationName]: CHAT_OPERATION,
        [ATTR.providerName]: call.provider,
        [ATTR.requestModel]: call.requestedModel,
      };
      if (call.model !== undefined) attributes[ATTR.responseModel] = call.model;
      if (call.errorType !== undefined) attributes[ATTR.errorType] = call.errorType;
      this.#duration.record(call.durationMs / 1000, attributes);
      if (call.firstChunkMs !== undefined) this.#firstChunk.record(call.firstChunkMs / 1000, attributes);
      if (call.errorType === undefined) {
        const { promptTokens, completionTokens } = call.usage ?? {};
        if (promptTokens !== undefined) this.#tokens.record(promptTokens, { ...attributes, [ATTR.tokenType]: 'input' });
        if (completionTokens !== undefined) this.#tokens.record(completionTokens, { ...attributes, [ATTR.tokenType]: 'output' });
      }
    }
    for (const entry of call.trail) this.#recordAttempt(entry);
  }

  #recordAttempt(entry: AttemptRecord): void {
    const attributes: Attributes = { [ATTR.providerName]: entry.provider, [ATTR.model]: entry.model };
    if (entry.errorKind !== undefined) attributes[ATTR.errorKind] = entry.errorKind;
    if (entry.decision === 'retry') this.#retries.add(1, attributes);
    else if (entry.decision === 'fallback') this.#fallbacks.add(1, attributes);
    attributes[ATTR.outcome] = entry.outcome;
    this.#attempts.add(1, attributes);
  }

  /** A circuit breaker changed state. */
  recordCircuitChange(change: { provider: string; model: string; state: string }): void {
    this.#circuitTransitions.add(1, { [ATTR.providerName]: change.provider, [ATTR.model]: change.model, [ATTR.toState]: change.state });
  }
}
