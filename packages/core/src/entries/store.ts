// @switchboard/core/store: what store authors use to share a registry's state (`@switchboard/store-redis`
// is one). Host apps pass a store to `createRegistry({ store })` and need nothing from here.
import '../di/reflect.js';
import '../di/core-copies.js';

// The contract
export { STORE_SPECIFICATION_VERSION } from '../store/state-store.js';
export type { StateStore, StoreContext, StoreStatus, StoreState, StoreSpecificationVersion } from '../store/state-store.js';
export type { SharedProbe } from '../store/shared-probe.js';

// Circuits and cooldowns: the record and the rules every store follows
export type { CircuitRecord, CircuitPolicy, CircuitPhase } from '../store/circuit-record.js';
export {
  circuitKey,
  parseCircuitKey,
  circuitPhase,
  isBlocked,
  blockedUntil,
  recordFailure,
  recordSuccess,
  successChanges,
  recordCooldown,
  claimTrial,
} from '../store/circuit-record.js';

// Budgets: the requests and answers, and the sliding window (a shared store's local share runs on it)
export { BUDGET_WINDOW_MS } from '../store/budget.js';
export type {
  BudgetLimits,
  BudgetLimitName,
  StoreDownPolicy,
  BudgetRequest,
  BudgetDecision,
  BudgetRefusal,
  BudgetSettlement,
  BudgetUseRequest,
  BudgetUse,
  LimitUse,
} from '../store/budget.js';
export { BudgetWindow, pickRefusal, shareOf } from '../store/budget-window.js';

// The in-memory store, and what a store needs besides
export { createMemoryStore } from '../store/memory-store.js';
export { createReplicaId } from '../store/replica-id.js';
export { storeTakenError } from '../store/store-taken-error.js';
export type { Logger, LogLevel } from '../logging/logger.js';
export { silentLogger } from '../logging/create-logger.js';
export { StoreConnectionError, InvalidArgumentError, SwitchboardError } from '../errors/index.js';
export type { StoreConnectionProblem } from '../errors/index.js';
// The settings vocabulary (valibot schemas with our messages), to check a store's options like core checks its own.
export { strictOptions, wholeNumber, milliseconds, nonEmptyString, oneOf, flag, got } from '../validation/option-schemas.js';
export { parseWithSchema } from '../validation/parse-with-schema.js';
export { describeValue } from '../validation/describe-value.js';
