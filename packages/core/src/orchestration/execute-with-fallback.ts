import type { Logger } from 'pino';
import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { AttemptRecord } from './attempt-record.js';
import { backoffDelay } from './backoff-delay.js';
import type { CallScope } from './call-scope.js';
import type { Candidate } from './candidate.js';
import { NotAProviderFault, type CircuitBreakers } from './circuit-breakers.js';
import { classifyError } from './classify-error.js';
import type { Clock } from './clock.js';
import type { RegistryEvents } from './registry-events.js';
import type { ResolvedResilienceOptions } from './resilience-options.js';
import { sleep } from './sleep.js';

/** Everything one call's fallback loop needs. */
export interface ExecuteWithFallbackInput<T> {
  requestId: string;
  /** The name the caller asked for. */
  modelId: string;
  /** Ordered candidates. */
  candidates: readonly Candidate[];
  /** Candidates left out before the loop (capabilities, not working), recorded in the attempts. */
  skipped: readonly AttemptRecord[];
  options: ResolvedResilienceOptions;
  scope: CallScope;
  clock: Clock;
  random: () => number;
  events: RegistryEvents;
  breakers: CircuitBreakers;
  logger: Logger;
  /** One attempt: for `generate` the whole answer, for `stream` up to the first text. */
  run(candidate: Candidate): Promise<T>;
}

export interface ExecuteWithFallbackResult<T> {
  value: T;
  candidate: Candidate;
  attempts: AttemptRecord[];
}

/**
 * Tries candidates in order, retrying each with backoff while retrying can help, falling back to
 * the next when it cannot, and failing at once on the caller's own mistakes. Honours
 * `Retry-After` up to a cap (falling over instead of sleeping longer), skips providers whose
 * circuit is open (unless every candidate's is: then all are tried anyway), and never retries an
 * abort. When everything fails, one error tells the whole story.
 */
export async function executeWithFallback<T>(input: ExecuteWithFallbackInput<T>): Promise<ExecuteWithFallbackResult<T>> {
  const { options, scope, clock, events, breakers, logger, requestId } = input;
  const attempts: AttemptRecord[] = [...input.skipped];
  const errors: unknown[] = [];
  const started = clock.now();

  const debug = logger.isLevelEnabled('debug');
  const anyCooling = input.candidates.some((candidate) => breakers.isCoolingDown(candidate.provider.id, candidate.model));
  const cooling = anyCooling ? input.candidates.filter((candidate) => breakers.isCoolingDown(candidate.provider.id, candidate.model)) : [];
  const allCooling = anyCooling && cooling.length === input.candidates.length;
  let ordered: readonly Candidate[] = anyCooling && !allCooling ? input.candidates.filter((candidate) => !cooling.includes(candidate)) : input.candidates;
  if (!allCooling) {
    for (const candidate of cooling) {
      attempts.push({
        provider: candidate.provider.id,
        model: candidate.model,
        attempt: 0,
        outcome: 'skipped',
        durationMs: 0,
        errorKind: 'circuit-open',
        message: 'circuit open after repeated failures; cooling down',
      });
    }
  }
  if (!options.fallback) ordered = ordered.slice(0, 1);

  let total = 0;
  candidates: for (let index = 0; index < ordered.length; index++) {
    const candidate = ordered[index]!;
    const provider = candidate.provider.id;
    const model = candidate.model;
    for (let attempt = 1; attempt <= options.maxAttemptsPerProvider; attempt++) {
      if (total >= options.maxAttempts) break candidates;
      throwIfStopped(scope, attempts);
      total++;
      const attemptStart = clock.now();
      if (events.has('attempt:start')) events.emit('attempt:start', { requestId, provider, model, attempt });
      if (debug) logger.debug({ requestId, provider, model, attempt }, 'attempt start');
      try {
        const value = allCooling
          ? await input.run(candidate)
          : await breakers.get(provider, model).execute(async () => {
              try {
                return await input.run(candidate);
              } catch (error) {
                throw scope.stopReason() !== undefined ? new NotAProviderFault(error) : error;
              }
            });
        const durationMs = clock.now() - attemptStart;
        attempts.push({ provider, model, attempt, outcome: 'success', durationMs });
        if (events.has('attempt:end')) events.emit('attempt:end', { requestId, provider, model, attempt, outcome: 'success', durationMs });
        if (debug) logger.debug({ requestId, provider, model, attempt, durationMs }, 'attempt succeeded');
        return { value, candidate, attempts };
      } catch (caught) {
        const error = caught instanceof NotAProviderFault ? caught.error : caught;
        const durationMs = clock.now() - attemptStart;
        if (scope.callerAborted) throw scope.callerSignal!.reason;
        const { kind, action } = classifyError(error);
        const record: AttemptRecord = {
          provider,
          model,
          attempt,
          outcome: 'error',
          durationMs,
          errorKind: kind,
          message: error instanceof Error ? error.message.split('\n')[0]! : String(error),
        };
        attempts.push(record);
        errors.push(error);
        if (events.has('attempt:end')) events.emit('attempt:end', { requestId, provider, model, attempt, outcome: 'error', durationMs, errorKind: kind, error });
        if (debug) logger.debug({ requestId, provider, model, attempt, durationMs, errorKind: kind, err: error }, 'attempt failed');
        throwIfStopped(scope, attempts);
        if (action === 'fatal') {
          record.decision = 'stop';
          throw error;
        }
        if (action === 'retry' && attempt < options.maxAttemptsPerProvider && total < options.maxAttempts) {
          const retryAfter = RateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
          const delayMs = retryAfter ?? backoffDelay({ retry: attempt, baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs, random: input.random });
          const pastDeadline = clock.now() + delayMs - started >= options.deadlineMs;
          if ((retryAfter === undefined || retryAfter <= options.maxRetryAfterMs) && !pastDeadline) {
            record.decision = 'retry';
            if (events.has('retry')) events.emit('retry', { requestId, provider, model, attempt, delayMs, errorKind: kind });
            if (debug) logger.debug({ requestId, provider, model, attempt, delayMs, errorKind: kind }, 'retrying');
            try {
              // Never sleep past the deadline; the caller's abort ends the sleep at once.
              await sleep(Math.min(delayMs, scope.remainingMs()), { clock, signal: scope.callerSignal });
            } catch {
              throwIfStopped(scope, attempts);
            }
            continue;
          }
        }
        // Nothing follows once the attempt budget is spent: say so, rather than name a provider never tried.
        const next = total < options.maxAttempts ? ordered[index + 1] : undefined;
        record.decision = next ? 'fallback' : 'stop';
        if (events.has('fallback')) {
          events.emit('fallback', { requestId, from: { provider, model }, to: next ? { provider: next.provider.id, model: next.model } : undefined, errorKind: kind });
        }
        if (next && debug) logger.debug({ requestId, from: provider, to: next.provider.id, errorKind: kind }, 'falling back');
        continue candidates;
      }
    }
  }
  const tried = attempts.filter((attempt) => attempt.outcome === 'error');
  if (tried.length === 1 && errors.length === 1) throw errors[0];
  throw new AllProvidersFailedError({
    modelId: input.modelId,
    reason: tried.length === 0 ? 'no-candidates' : 'all-failed',
    attempts,
    errors,
    hint: hintFor(attempts, options),
  });
}

/** Stops the loop on the caller's abort (its own reason) or the deadline (a `TimeoutError` with the attempts so far). */
function throwIfStopped(scope: CallScope, attempts: readonly AttemptRecord[]): void {
  const reason = scope.stopReason();
  if (reason === undefined) return;
  if (scope.callerAborted) throw reason;
  throw new TimeoutError({ phase: 'deadline', timeoutMs: scope.deadline.ms, attempts, cause: reason });
}

function hintFor(attempts: readonly AttemptRecord[], options: ResolvedResilienceOptions): string | undefined {
  const kinds = new Set(attempts.map((attempt) => attempt.errorKind));
  if (!options.fallback) return 'Fallback is off for this call (resilience.fallback = false).';
  if (kinds.has('rate-limit')) return 'Rate limits: wait before retrying, or add another provider serving this model.';
  if (kinds.has('capability')) return 'Some providers were skipped for lack of a capability (see above).';
  return undefined;
}
