import type { BudgetDecision, BudgetRequest, BudgetSettlement, BudgetUse, BudgetUseRequest } from './budget.js';
import { BudgetWindow } from './budget-window.js';
import { claimTrial, type CircuitPolicy, type CircuitRecord, recordCooldown, recordFailure, recordSuccess } from './circuit-record.js';
import { createReplicaId } from './replica-id.js';
import { storeTakenError } from './store-taken-error.js';
import { STORE_SPECIFICATION_VERSION, type StateStore, type StoreContext, type StoreStatus } from './state-store.js';

/**
 * The default store: everything in this process, nothing shared. One registry on its own behaves
 * exactly as with no store at all; a shared store (`@switchboard/store-redis`) follows the same
 * rules across processes.
 */
export function createMemoryStore(): StateStore {
  return new MemoryStore();
}

class MemoryStore implements StateStore {
  readonly specificationVersion = STORE_SPECIFICATION_VERSION;
  readonly kind = 'memory';
  readonly #circuits = new Map<string, CircuitRecord>();
  readonly #budgets = new Map<string, BudgetWindow>();
  readonly #since = Date.now();
  // Named when first asked (a status report), not when made: naming reads the host name and random bytes.
  #replicaId: string | undefined;
  #context: StoreContext | undefined;

  attach(context: StoreContext): void {
    if (this.#context) throw storeTakenError();
    this.#context = context;
  }

  async connect(): Promise<void> {}

  async close(): Promise<void> {}

  status(): StoreStatus {
    return { kind: 'memory', state: 'local', replicas: 1, replicaId: (this.#replicaId ??= createReplicaId()), since: this.#since };
  }

  circuit(key: string): CircuitRecord | undefined {
    return this.#circuits.get(key);
  }

  circuits(): ReadonlyMap<string, CircuitRecord> {
    return this.#circuits;
  }

  recordFailure(key: string, failure: { now: number; policy: CircuitPolicy; trial: boolean }): CircuitRecord {
    return this.#set(key, recordFailure(this.#circuits.get(key), failure))!;
  }

  recordSuccess(key: string, success: { now: number; policy: CircuitPolicy }): CircuitRecord | undefined {
    return this.#set(key, recordSuccess(this.#circuits.get(key), success));
  }

  coolDown(key: string, cooldown: { now: number; until: number }): CircuitRecord {
    return this.#set(key, recordCooldown(this.#circuits.get(key), cooldown))!;
  }

  async claimTrial(key: string, trial: { now: number; leaseMs: number }): Promise<boolean> {
    const { granted, record } = claimTrial(this.#circuits.get(key), trial);
    if (granted) this.#set(key, record);
    return granted;
  }

  async reserve(request: BudgetRequest): Promise<BudgetDecision> {
    let window = this.#budgets.get(request.budget);
    if (!window) this.#budgets.set(request.budget, (window = new BudgetWindow()));
    return window.reserve(request);
  }

  settle({ budget, id, tokens, now }: BudgetSettlement): void {
    const window = this.#budgets.get(budget);
    if (!window) return;
    window.settle(id, tokens, now);
    if (window.isEmpty(now)) this.#budgets.delete(budget);
  }

  async budgetUse({ budget, limits, now }: BudgetUseRequest): Promise<BudgetUse> {
    const use = this.#budgets.get(budget)?.use(limits, now) ?? new BudgetWindow().use(limits, now);
    return { budget, shared: false, ...use };
  }

  async acquireLease(): Promise<boolean> {
    // One process is the only replica: every lease is its own.
    return true;
  }

  shareProbe(): void {
    // Nobody else to tell.
  }

  #set(key: string, record: CircuitRecord | undefined): CircuitRecord | undefined {
    const previous = this.#circuits.get(key);
    if (record === previous) return record;
    if (record) this.#circuits.set(key, record);
    else this.#circuits.delete(key);
    try {
      this.#context?.onCircuitChange(key, record, previous);
    } catch {
      // The registry's reaction is its own business: the record stands.
    }
    return record;
  }
}
