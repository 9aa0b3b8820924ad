import { AllProvidersFailedError } from '../errors/all-providers-failed-error.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { AttemptRecord, RetryDeclinedReason } from '../errors/attempt-record.js';
import type { CallObserver } from '../telemetry/call-observer.js';
import { backoffDelay } from './backoff-delay.js';
import type { Reservation } from './budgets.js';
import type { CallRuntime } from './call-runtime.js';
import type { CallScope } from './call-scope.js';
import type { Candidate } from './candidate.js';
import { NotAProviderFault } from './circuit-breakers.js';
import { classifyError } from './classify-error.js';
import type { ResolvedResilienceOptions } from './resilience-options.js';
import { sleep } from './sleep.js';

/** One call, planned: who to try, in which order, under which limits. */
export interface FallbackPlan {
  requestId: string;
  /** The name the caller asked for. */
  modelId: string;
  /** Ordered candidates. */
  candidates: readonly Candidate[];
  /** Candidates left out before the loop (capabilities, not working), recorded in the attempts. */
  skipped: readonly AttemptRecord[];
  options: ResolvedResilienceOptions;
  scope: CallScope;
  /** The prompt's estimated tokens, for provider budgets (0 when no provider has one). */
  promptTokens: number;
  /** The call's limit on the answer's tokens, when it sets one. */
  maxOutputTokens: number | undefined;
  /** The call's telemetry: each attempt runs in it, and hears what the registry decided after a failure. */
  trace: CallObserver;
}

export interface FallbackResult<T> {
  value: T;
  candidate: Candidate;
  attempts: AttemptRecord[];
  /** The answering provider's budget reservation, for the caller to settle once the answer is complete. */
  reservation: Reservation | undefined;
}

/** A concurrency slot outlives its attempt's time limit by this much at most (a replica that died holding it). */
const HOLD_MARGIN_MS = 5_000;

/**
 * Tries candidates in order, retrying each with backoff while retrying can help, falling back to
 * the next when it cannot, and failing at once on the caller's own mistakes. Honours
 * `Retry-After` up to a cap (falling over instead of sleeping longer), and never retries an abort.
 *
 * What bounds the upstream requests of one call: each provider gets at most
 * `maxAttemptsPerProvider` attempts and the call at most `maxAttempts`; a retry also needs room in
 * the provider's retry budget (shared by every call), and a provider whose circuit is open gets
 * none. When every candidate's circuit is open, the call fails at once with a `CircuitOpenError`
 * (no request sent). A retry that is not made says why (`retryDeclined`, `retry:declined`).
 * A provider with a budget (`limits`) is asked for a reservation before each attempt; refused, the
 * call falls back to the next candidate at once (nothing sent, no attempt spent), and when every
 * candidate refused, a `BudgetExceededError` says which budget refills first. When everything
 * fails, one error tells the whole story.
 *
 * `run` is one attempt: for `generate` the whole answer, for `stream` up to the first text.
 */
export async function runWithFallback<T>(runtime: CallRuntime, plan: FallbackPlan, run: (candidate: Candidate) => Promise<T>): Promise<FallbackResult<T>> {
  const { clock, events, breakers, health, retryBudget, budgets } = runtime;
  const { options, scope, requestId, trace } = plan;
  const attempts: AttemptRecord[] = [...plan.skipped];
  const errors: unknown[] = [];
  const refusals: BudgetExceededError[] = [];
  const started = clock.now();
  const turnedAway: Candidate[] = [];
  let onlyWaitingOut = true;
  const turnAway = (candidate: Candidate) => {
    turnedAway.push(candidate);
    const provider = candidate.provider.id;
    const model = candidate.model;
    const waitingOut = !breakers.circuitRefuses(provider, model) && breakers.isWaitingOut(provider, model);
    if (!waitingOut) onlyWaitingOut = false;
    attempts.push({
      provider,
      model,
      attempt: 0,
      outcome: 'skipped',
      durationMs: 0,
      errorKind: waitingOut ? 'rate-limit' : 'circuit-open',
      message: waitingOut
        ? `the provider asked to wait (Retry-After): ${Math.ceil(breakers.retryAfterMs(provider, model) / 1_000)} s left`
        : 'circuit open after repeated failures; cooling down',
    });
  };
  const circuitOpen = () => {
    const retryAfterMs = Math.min(...turnedAway.map((candidate) => breakers.retryAfterMs(candidate.provider.id, candidate.model)));
    // Every pair turned away only because its provider asked to wait: that is a rate limit, not an outage.
    if (onlyWaitingOut) {
      const [first] = turnedAway as [Candidate];
      return new RateLimitError({
        message: `No request was sent for model '${plan.modelId}': ${turnedAway.map((candidate) => `${candidate.provider.id}/${candidate.model}`).join(', ')} asked to wait (Retry-After); retry in ${Math.ceil(retryAfterMs / 1_000)} s.`,
        provider: first.provider.id,
        model: first.model,
        retryAfterMs,
      });
    }
    return new CircuitOpenError({
      modelId: plan.modelId,
      providers: turnedAway.map((candidate) => ({ provider: candidate.provider.id, model: candidate.model })),
      retryAfterMs,
      attempts,
    });
  };

  let ordered: readonly Candidate[] = plan.candidates;
  // Checked without allocating first (not even a callback): on the usual call no circuit is open.
  if (anyRefused(ordered, breakers)) {
    ordered = ordered.filter((candidate) => {
      if (!breakers.refuses(candidate.provider.id, candidate.model)) return true;
      turnAway(candidate);
      return false;
    });
    // Nobody left to ask: fail now, without a request, rather than add to the outage.
    if (ordered.length === 0) throw circuitOpen();
  }
  if (!options.fallback) ordered = ordered.slice(0, 1);

  let total = 0;
  candidates: for (let index = 0; index < ordered.length; index++) {
    const candidate = ordered[index]!;
    const provider = candidate.provider.id;
    const model = candidate.model;
    for (let attempt = 1; ; attempt++) {
      if (total >= options.maxAttempts) break candidates;
      throwIfStopped(scope, attempts);
      let reservation: Reservation | undefined;
      if (budgets.has(provider)) {
        const reserved = await budgets.reserveAttempt(provider, {
          model,
          promptTokens: plan.promptTokens,
          maxOutputTokens: plan.maxOutputTokens,
          holdMs: options.attemptTimeoutMs + HOLD_MARGIN_MS,
        });
        if (BudgetExceededError.isInstance(reserved)) {
          // Nothing was sent: no attempt spent, straight on to the next candidate.
          trace.budgetChecked({ provider, model, outcome: 'refused', limit: reserved.limit });
          const next = ordered[index + 1];
          refusals.push(reserved);
          errors.push(reserved);
          attempts.push({
            provider,
            model,
            attempt,
            outcome: 'skipped',
            durationMs: 0,
            errorKind: 'budget',
            message: reserved.message,
            decision: next ? 'fallback' : 'stop',
          });
          if (next) {
            events.report(
              'fallback',
              () => ({ requestId, from: { provider, model }, to: { provider: next.provider.id, model: next.model }, errorKind: 'rate-limit' }),
              'budget used up; falling back',
            );
          }
          continue candidates;
        }
        reservation = reserved;
        trace.budgetChecked({ provider, model, outcome: 'reserved' });
        throwIfStopped(scope, attempts);
      }
      total++;
      if (attempt === 1) retryBudget.recordRequest(provider);
      const attemptStart = clock.now();
      if (events.watching('attempt:start')) events.report('attempt:start', () => ({ requestId, provider, model, attempt }), 'attempt start');
      let value: T;
      try {
        value = await breakers.run(provider, model, () => runCountingFaults(run, candidate, attempt, plan));
      } catch (caught) {
        // A failed request is settled with its prompt (the provider may have read it); its answer's reservation is given back.
        if (reservation) budgets.settle(reservation, plan.promptTokens);
        if ((caught as { isBrokenCircuitError?: unknown } | null)?.isBrokenCircuitError === true) {
          // The circuit opened since the call began, or another call is its trial: nothing was sent.
          total--;
          turnAway(candidate);
          continue candidates;
        }
        const error = caught instanceof NotAProviderFault ? caught.error : caught;
        const durationMs = clock.now() - attemptStart;
        if (scope.callerAborted) throw scope.callerSignal!.reason;
        const { kind, action } = classifyError(error);
        // The provider asked for a longer wait than a call sleeps through (maxRetryAfterMs): every call
        // (and, with a shared store, every replica) leaves it alone until then. A shorter one is the
        // call's own to wait out, as its retry does.
        if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined && error.retryAfterMs > options.maxRetryAfterMs)
          breakers.coolDown(provider, model, error.retryAfterMs);
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        const record: AttemptRecord = { provider, model, attempt, outcome: 'error', durationMs, errorKind: kind, message };
        attempts.push(record);
        errors.push(error);
        health.recordAttempt({ provider, model, ok: false, durationMs, errorKind: kind, message });
        if (events.watching('attempt:end'))
          events.report('attempt:end', () => ({ requestId, provider, model, attempt, outcome: 'error', durationMs, errorKind: kind, error }), 'attempt failed');
        throwIfStopped(scope, attempts);
        if (action === 'fatal') {
          record.decision = 'stop';
          trace.decided(record, undefined);
          throw error;
        }
        if (action === 'retry') {
          const retryAfter = RateLimitError.isInstance(error) ? error.retryAfterMs : undefined;
          const delayMs =
            retryAfter ?? backoffDelay({ retry: attempt, baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs, random: runtime.random });
          const declined: RetryDeclinedReason | undefined =
            attempt >= options.maxAttemptsPerProvider
              ? 'max-attempts-per-provider'
              : total >= options.maxAttempts
                ? 'max-attempts'
                : retryAfter !== undefined && retryAfter > options.maxRetryAfterMs
                  ? 'retry-after-too-long'
                  : clock.now() + delayMs - started >= options.deadlineMs
                    ? 'deadline'
                    : breakers.circuitRefuses(provider, model)
                      ? 'circuit-open'
                      : // Last: only a retry that will be made takes from the budget.
                        retryBudget.tryRetry(provider)
                        ? undefined
                        : 'retry-budget';
          if (declined === undefined) {
            record.decision = 'retry';
            trace.decided(record, delayMs);
            if (events.watching('retry')) events.report('retry', () => ({ requestId, provider, model, attempt, delayMs, errorKind: kind }), 'retrying');
            try {
              // Never sleep past the deadline; the caller's abort ends the sleep at once.
              await sleep(Math.min(delayMs, scope.remainingMs()), { clock, signal: scope.callerSignal });
            } catch {
              throwIfStopped(scope, attempts);
            }
            continue;
          }
          record.retryDeclined = declined;
          events.report('retry:declined', () => ({ requestId, provider, model, attempt, errorKind: kind, reason: declined }), `retry declined (${declined})`);
        }
        // Nothing follows once the attempt budget is spent: say so, rather than name a provider never tried.
        const next = total < options.maxAttempts ? ordered[index + 1] : undefined;
        record.decision = next ? 'fallback' : 'stop';
        trace.decided(record, undefined);
        if (next) {
          events.report(
            'fallback',
            () => ({ requestId, from: { provider, model }, to: { provider: next.provider.id, model: next.model }, errorKind: kind }),
            'falling back',
          );
        }
        continue candidates;
      }
      // Outside the try: nothing after the answer arrived can turn it into a failure.
      const durationMs = clock.now() - attemptStart;
      attempts.push({ provider, model, attempt, outcome: 'success', durationMs });
      health.recordAttempt({ provider, model, ok: true, durationMs });
      if (events.watching('attempt:end'))
        events.report('attempt:end', () => ({ requestId, provider, model, attempt, outcome: 'success', durationMs }), 'attempt succeeded');
      return { value, candidate, attempts, reservation };
    }
  }
  const tried = attempts.filter((attempt) => attempt.outcome === 'error');
  if (tried.length === 0 && refusals.length > 0) throw budgetError(refusals);
  if (tried.length === 0 && turnedAway.length > 0) throw circuitOpen();
  // A lone failure keeps its own class (a single 429 stays a RateLimitError), unless the registry's
  // own policy stopped its retry: then the trail, which says so, goes to the caller.
  const heldBack = tried.some((attempt) => attempt.retryDeclined === 'retry-budget' || attempt.retryDeclined === 'circuit-open');
  if (tried.length === 1 && errors.length === 1 && !heldBack) throw errors[0];
  throw new AllProvidersFailedError({
    modelId: plan.modelId,
    reason: tried.length === 0 ? 'no-candidates' : 'all-failed',
    attempts,
    errors,
    hint: hintFor(attempts, options),
  });
}

/**
 * Runs an attempt for the circuit breaker, inside the call's telemetry: failures caused by the
 * call stopping say nothing about the provider.
 */
function runCountingFaults<T>(run: (candidate: Candidate) => Promise<T>, candidate: Candidate, attempt: number, plan: FallbackPlan): Promise<T> {
  // A promise chain, not an async function: a call's usual attempt succeeds, and pays for no frame.
  let running: Promise<T>;
  try {
    running = plan.trace.attempt(candidate, attempt, run);
  } catch (error) {
    running = Promise.reject(error);
  }
  return running.catch((error: unknown) => {
    throw plan.scope.stopReason() !== undefined ? new NotAProviderFault(error) : error;
  });
}

/** Whether a candidate's circuit turns calls away now. */
function anyRefused(candidates: readonly Candidate[], breakers: CallRuntime['breakers']): boolean {
  for (const candidate of candidates) if (breakers.refuses(candidate.provider.id, candidate.model)) return true;
  return false;
}

/** Stops the loop on the caller's abort (its own reason) or the deadline (a `TimeoutError` with the attempts so far). */
function throwIfStopped(scope: CallScope, attempts: readonly AttemptRecord[]): void {
  const reason = scope.stopReason();
  if (reason === undefined) return;
  if (scope.callerAborted) throw reason;
  throw new TimeoutError({ phase: 'deadline', timeoutMs: scope.deadline.ms, attempts, cause: reason });
}

/** Every candidate's budget refused the call: the error of the one that refills first, naming the others. */
function budgetError(refusals: readonly BudgetExceededError[]): BudgetExceededError {
  const sorted = [...refusals].sort((a, b) => (a.retryAfterMs ?? Number.POSITIVE_INFINITY) - (b.retryAfterMs ?? Number.POSITIVE_INFINITY));
  const [first, ...others] = sorted as [BudgetExceededError, ...BudgetExceededError[]];
  if (others.length === 0) return first;
  return new BudgetExceededError({
    budget: first.budget,
    scope: first.scope,
    limit: first.limit,
    used: first.used,
    max: first.max,
    retryAfterMs: first.retryAfterMs,
    reason: first.reason,
    tokens: first.tokens,
    provider: first.provider,
    model: first.model,
    others,
  });
}

function hintFor(attempts: readonly AttemptRecord[], options: ResolvedResilienceOptions): string | undefined {
  const kinds = new Set(attempts.map((attempt) => attempt.errorKind));
  if (kinds.has('budget')) return 'Budgets: some providers were skipped because their limits were used up (see above); raise the limits or add a provider.';
  if (attempts.some((attempt) => attempt.retryDeclined === 'retry-budget'))
    return "Retries were held back by the provider's retry budget (resilience.retryBudget): it is failing for other calls too.";
  if (attempts.some((attempt) => attempt.retryDeclined === 'circuit-open'))
    return "A retry was held back: the provider's circuit opened after repeated failures.";
  if (!options.fallback) return 'Fallback is off for this call (resilience.fallback = false).';
  if (kinds.has('rate-limit')) return 'Rate limits: wait before retrying, or add another provider serving this model.';
  if (kinds.has('capability')) return 'Some providers were skipped for lack of a capability (see above).';
  return undefined;
}
