import {
  BudgetWindow,
  claimTrial,
  createReplicaId,
  type BudgetDecision,
  type BudgetRequest,
  type BudgetSettlement,
  type BudgetUse,
  type BudgetUseRequest,
  type CircuitPolicy,
  type CircuitRecord,
  type Logger,
  recordCooldown,
  recordFailure,
  recordSuccess,
  type SharedProbe,
  shareOf,
  silentLogger,
  type StateStore,
  STORE_SPECIFICATION_VERSION,
  storeTakenError,
  StoreConnectionError,
  type StoreContext,
  type StoreState,
  type StoreStatus,
  InvalidArgumentError,
  BUDGET_WINDOW_MS,
} from '@switchboard/core/store';
import { CircuitView } from './circuit-view.js';
import { connectionError } from './connection-problem.js';
import { createClients, type RedisClients } from './create-clients.js';
import { SCRIPTS } from './lua-scripts.js';
import { type RedisKeys, redisKeys } from './redis-keys.js';
import type { ResolvedRedisStoreOptions } from './redis-store-options.js';
import { checkServer } from './check-server.js';

/** A channel message, as the scripts publish it. */
type ChannelMessage =
  | { type: 'circuit'; key: string; record: CircuitRecord; origin: string }
  | { type: 'probe'; provider: string; probe: SharedProbe; origin: string };

/** Replicas missing this many heartbeats in a row are counted out. */
const HEARTBEATS_TO_LIVE = 3;

/**
 * The Redis store. Calls read circuits from this replica's view (kept current by the channel) and
 * write through scripts nobody waits for; a budget costs one script round trip, and its settle one
 * more that nobody waits for. When Redis cannot be reached or is slow (a command past its timeout),
 * the store says so once (a warning), reports itself `degraded`, and goes on alone: circuits and
 * cooldowns on this replica's view, budgets by their `onStoreDown` (this replica's share of the
 * limit, or refusal). When Redis is back (the heartbeat, or the client's reconnection, shows it),
 * what this replica learned alone is merged in, the view is rebuilt from Redis, and that is logged.
 */
export class RedisStore implements StateStore {
  readonly specificationVersion = STORE_SPECIFICATION_VERSION;
  readonly kind = 'redis';
  readonly #options: ResolvedRedisStoreOptions;
  readonly #keys: RedisKeys;
  readonly #replicaId = createReplicaId();
  readonly #view: CircuitView;
  /** This replica's share of each budget, used while Redis is away. */
  readonly #localBudgets = new Map<string, BudgetWindow>();
  readonly #localReservations = new Set<string>();
  #context: StoreContext | undefined;
  #logger: Logger = silentLogger;
  #clients: RedisClients | undefined;
  #state: StoreState = 'connecting';
  #since = Date.now();
  #lastError: string | undefined;
  #replicas = 1;
  #server: string | undefined;
  #connecting: Promise<void> | undefined;
  #connected = false;
  /** A caller awaits `connect()`: a failed first connection is its error to report. */
  #awaited = false;
  #closed = false;
  #recovering = false;
  /** Channel messages held while the view is rebuilt, applied after it. */
  #buffer: ChannelMessage[] | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(options: ResolvedRedisStoreOptions) {
    this.#options = options;
    this.#keys = redisKeys(options.prefix);
    this.#view = new CircuitView(() => this.#context);
  }

  /** Where the store is, without a password. */
  get location(): string {
    return this.#options.location;
  }

  attach(context: StoreContext): void {
    if (this.#context) throw storeTakenError();
    this.#context = context;
    this.#logger = context.logger.child({ component: 'store-redis' });
    this.#connect().catch(() => {
      // Said once by #degrade (unless a caller of connect() is told), and retried in the background: a registry starts on its own view.
    });
  }

  connect(): Promise<void> {
    // Whoever awaits the connection is told why it failed: the warning would say it twice.
    this.#awaited = true;
    return this.#connect();
  }

  #connect(): Promise<void> {
    if (this.#closed) return Promise.reject(new InvalidArgumentError({ argument: 'store', reason: 'this Redis store was closed.' }));
    if (this.#connected) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#retry);
    const clients = this.#clients;
    this.#clients = undefined;
    if (!clients) return;
    if (this.#state === 'shared') await this.#within(clients.commands.zrem(this.#keys.members, this.#replicaId)).catch(() => {});
    await Promise.all([clients.commands, clients.subscriber].map((client) => this.#within(client.quit()).catch(() => client.disconnect())));
  }

  status(): StoreStatus {
    return {
      kind: 'redis',
      state: this.#state,
      replicas: this.#replicas,
      replicaId: this.#replicaId,
      since: this.#since,
      location: this.#options.location,
      ...(this.#server ? { server: this.#server } : {}),
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
    };
  }

  circuit(key: string): CircuitRecord | undefined {
    return this.#view.get(key);
  }

  circuits(): ReadonlyMap<string, CircuitRecord> {
    return this.#view.all();
  }

  recordFailure(key: string, failure: { now: number; policy: CircuitPolicy; trial: boolean }): CircuitRecord {
    const record = recordFailure(this.#view.get(key), failure);
    this.#view.applyLocal(key, record);
    const { now, policy, trial } = failure;
    this.#share('sbCircuitFailure', key, now, policy.failureThreshold, policy.cooldownMs, policy.maxCooldownMs, trial ? 1 : 0);
    return record;
  }

  recordSuccess(key: string, success: { now: number; policy: CircuitPolicy }): CircuitRecord | undefined {
    return this.#change(key, recordSuccess(this.#view.get(key), success), 'sbCircuitSuccess', success.now);
  }

  coolDown(key: string, cooldown: { now: number; until: number }): CircuitRecord {
    return this.#change(key, recordCooldown(this.#view.get(key), cooldown), 'sbCircuitCooldown', cooldown.until)!;
  }

  async claimTrial(key: string, trial: { now: number; leaseMs: number }): Promise<boolean> {
    const commands = this.#live;
    if (commands) {
      try {
        const [granted, raw] = (await commands.sbCircuitTrial(this.#keys.circuits, this.#keys.channel, this.#replicaId, key, trial.now, trial.leaseMs)) as [
          number,
          string | null,
        ];
        if (raw) this.#view.applyShared(key, JSON.parse(raw) as CircuitRecord);
        return granted === 1;
      } catch (error) {
        this.#degrade(error);
      }
    }
    const { granted, record } = claimTrial(this.#view.get(key), trial);
    if (granted) this.#view.applyLocal(key, record);
    return granted;
  }

  async reserve(request: BudgetRequest): Promise<BudgetDecision> {
    // Before the first connection, wait for it (within connectTimeoutMs): a share computed from no count would be the whole limit.
    if (this.#state === 'connecting' && this.#connecting) await this.#connecting.catch(() => {});
    const commands = this.#live;
    if (commands) {
      try {
        const reply = (await commands.sbBudgetReserve(
          ...this.#keys.budget(request.budget),
          request.now,
          BUDGET_WINDOW_MS,
          request.id,
          Math.round(request.tokens),
          request.limits.rpm ?? 0,
          request.limits.tpm ?? 0,
          request.limits.concurrency ?? 0,
          Math.round(request.holdMs),
        )) as [number, string?, number?, number?, number?, string?];
        if (reply[0] === 1) return { granted: true, local: false };
        const [, limit, used, max, retryAfterMs, reason] = reply;
        return {
          granted: false,
          limit: limit as 'rpm',
          used: Number(used),
          max: Number(max),
          retryAfterMs: Number(retryAfterMs) < 0 ? undefined : Number(retryAfterMs),
          reason: reason as 'exhausted',
        };
      } catch (error) {
        this.#degrade(error);
      }
    }
    return this.#reserveLocally(request);
  }

  settle(settlement: BudgetSettlement): void {
    const { budget, id, tokens, now } = settlement;
    if (this.#localReservations.delete(id)) {
      this.#localBudgets.get(budget)?.settle(id, tokens, now);
      return;
    }
    // A reservation made in Redis is settled there; while Redis is away, its slot is given back when its hold runs out.
    const commands = this.#live;
    if (!commands) return;
    commands.sbBudgetSettle(...this.#keys.budget(budget), now, BUDGET_WINDOW_MS, id, Math.round(tokens)).catch((error: unknown) => this.#degrade(error));
  }

  async budgetUse({ budget, limits, now }: BudgetUseRequest): Promise<BudgetUse> {
    const commands = this.#live;
    if (commands) {
      try {
        const [requests, tokens, inFlight, oldest] = (await commands.sbBudgetUse(...this.#keys.budget(budget), now, BUDGET_WINDOW_MS)) as [
          number,
          number,
          number,
          string,
        ];
        const resets = Number(oldest) >= 0 ? { resetsAt: Number(oldest) + BUDGET_WINDOW_MS } : {};
        return {
          budget,
          shared: true,
          ...(limits.rpm !== undefined ? { rpm: { used: Number(requests), limit: limits.rpm, ...resets } } : {}),
          ...(limits.tpm !== undefined ? { tpm: { used: Number(tokens), limit: limits.tpm, ...resets } } : {}),
          ...(limits.concurrency !== undefined ? { concurrency: { used: Number(inFlight), limit: limits.concurrency } } : {}),
        };
      } catch (error) {
        this.#degrade(error);
      }
    }
    const share = shareOf(limits, this.#replicas);
    return { budget, shared: false, ...(this.#localBudgets.get(budget) ?? new BudgetWindow()).use(share, now) };
  }

  async acquireLease(name: string, { ttlMs }: { now: number; ttlMs: number }): Promise<boolean> {
    const commands = this.#live;
    if (!commands) return true;
    try {
      return Number(await commands.sbLease(this.#keys.lease(name), this.#replicaId, Math.max(1, Math.round(ttlMs)))) === 1;
    } catch (error) {
      // Alone, this replica does its own probing.
      this.#degrade(error);
      return true;
    }
  }

  shareProbe(provider: string, probe: SharedProbe): void {
    const commands = this.#live;
    if (!commands) return;
    commands
      .sbShareProbe(this.#keys.probes, this.#keys.channel, this.#replicaId, provider, JSON.stringify(probe))
      .catch((error: unknown) => this.#degrade(error));
  }

  async getDocument(key: string): Promise<string | undefined> {
    const commands = this.#sharedCommands('read');
    try {
      return (await commands.get(this.#keys.document(key))) ?? undefined;
    } catch (error) {
      this.#degrade(error);
      throw connectionError(this.#options.location, error);
    }
  }

  async setDocument(key: string, value: string, { ttlMs }: { ttlMs: number }): Promise<void> {
    const commands = this.#sharedCommands('keep');
    try {
      await commands.set(this.#keys.document(key), value, 'PX', Math.max(1, Math.round(ttlMs)));
    } catch (error) {
      this.#degrade(error);
      throw connectionError(this.#options.location, error);
    }
  }

  /**
   * The command client while the store is shared, else undefined. Every command goes through it:
   * `close()` takes the clients away while a late probe, settle or circuit change may still
   * arrive, and that must send nothing rather than throw.
   */
  get #live(): RedisClients['commands'] | undefined {
    return this.#state === 'shared' ? this.#clients?.commands : undefined;
  }

  /**
   * The command client, while the store is shared. Documents have no local view to fall back on:
   * an unreachable store is an error to report, never an empty answer.
   */
  #sharedCommands(action: 'read' | 'keep'): RedisClients['commands'] {
    const commands = this.#live;
    if (commands) return commands;
    const why = this.#closed ? 'the store is closed' : `the store is ${this.#state}${this.#lastError ? ` (${this.#lastError})` : ''}`;
    throw new StoreConnectionError({
      store: 'redis',
      location: this.#options.location,
      problem: 'unreachable',
      message: `Cannot ${action} a shared document in the Redis store at ${this.#options.location}: ${why}. It is tried again on the next request.`,
    });
  }

  /** A change the rules made of the local record: applied here at once and shared, unless it changes nothing. */
  #change(key: string, record: CircuitRecord | undefined, script: 'sbCircuitSuccess' | 'sbCircuitCooldown', argument: number): CircuitRecord | undefined {
    if (record === this.#view.get(key)) return record;
    this.#view.applyLocal(key, record);
    this.#share(script, key, argument);
    return record;
  }

  /** Sends a circuit change to Redis (nobody waits), and applies the record Redis made of it. */
  #share(script: 'sbCircuitFailure' | 'sbCircuitSuccess' | 'sbCircuitCooldown', key: string, ...args: (string | number)[]): void {
    const commands = this.#live;
    if (!commands) return;
    commands[script](this.#keys.circuits, this.#keys.channel, this.#replicaId, key, ...args).then(
      (raw) => {
        if (typeof raw === 'string') this.#view.applyShared(key, JSON.parse(raw) as CircuitRecord);
      },
      (error: unknown) => this.#degrade(error),
    );
  }

  #reserveLocally(request: BudgetRequest): BudgetDecision {
    const share = shareOf(request.limits, this.#replicas);
    if (request.onStoreDown === 'refuse') {
      const limit = request.limits.rpm !== undefined ? 'rpm' : request.limits.tpm !== undefined ? 'tpm' : 'concurrency';
      return { granted: false, limit, used: 0, max: request.limits[limit] ?? 0, retryAfterMs: undefined, reason: 'store-down' };
    }
    let window = this.#localBudgets.get(request.budget);
    if (!window) this.#localBudgets.set(request.budget, (window = new BudgetWindow()));
    const decision = window.reserve(request, share);
    if (!decision.granted) return decision;
    this.#localReservations.add(request.id);
    return { granted: true, local: true };
  }

  /** The first connection: connected, checked, scripts loaded, subscribed, counted, view loaded. */
  async #open(): Promise<void> {
    const clients = (this.#clients ??= this.#createClients());
    let firstError: unknown;
    const remember = (error: unknown) => {
      firstError ??= error;
    };
    clients.commands.on('error', remember);
    clients.subscriber.on('error', remember);
    try {
      await this.#within(
        (async () => {
          await Promise.all([clients.commands.connect(), clients.subscriber.connect()]);
          this.#server = await checkServer(clients.commands);
          await Promise.all(Object.values(SCRIPTS).map(({ lua }) => clients.commands.script('LOAD', lua)));
          await clients.subscriber.subscribe(this.#keys.channel);
        })(),
        this.#options.connectTimeoutMs,
      );
    } catch (error) {
      const cause = firstError ?? error;
      this.#clients = undefined;
      for (const client of [clients.commands, clients.subscriber]) {
        client.removeAllListeners();
        client.on('error', () => {});
        client.disconnect();
      }
      this.#degrade(cause, { quiet: this.#awaited });
      this.#scheduleRetry();
      throw connectionError(this.#options.location, cause);
    } finally {
      clients.commands.off('error', remember);
      clients.subscriber.off('error', remember);
    }
    this.#connected = true;
    this.#watch(clients);
    await this.#recover();
    this.#heartbeat = setInterval(() => void this.#beat(), this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  #createClients(): RedisClients {
    return createClients(this.#options, { replicaId: this.#replicaId, reconnect: () => this.#connected && !this.#closed });
  }

  /** After the first connection: outages and returns are the clients' events; messages update the view. */
  #watch(clients: RedisClients): void {
    for (const client of [clients.commands, clients.subscriber]) {
      client.on('error', (error: unknown) => this.#degrade(error));
      client.on('close', () => this.#degrade(new Error('the connection to Redis closed')));
      client.on('ready', () => void this.#recover());
    }
    clients.subscriber.on('message', (_channel: string, text: string) => this.#onMessage(text));
  }

  #onMessage(text: string): void {
    let message: ChannelMessage;
    try {
      message = JSON.parse(text) as ChannelMessage;
    } catch {
      return;
    }
    if (this.#buffer) {
      this.#buffer.push(message);
      return;
    }
    this.#apply(message);
  }

  #apply(message: ChannelMessage): void {
    if (message.type === 'circuit') this.#view.applyShared(message.key, message.record);
    else if (message.type === 'probe' && message.origin !== this.#replicaId) this.#context?.onProbe(message.provider, message.probe);
  }

  /** A heartbeat: counts the replicas while shared, checks for Redis' return while degraded. */
  async #beat(): Promise<void> {
    if (this.#closed) return;
    const commands = this.#live;
    if (!commands) return void this.#recover();
    try {
      this.#replicas = Number(await commands.sbHeartbeat(this.#keys.members, this.#replicaId, Date.now(), this.#ttl()));
    } catch (error) {
      this.#degrade(error);
    }
  }

  #ttl(): number {
    return this.#options.heartbeatMs * HEARTBEATS_TO_LIVE;
  }

  /**
   * Becomes shared (again): announces this replica, merges what it learned alone (open circuits,
   * cooldowns), then loads every circuit and probe from Redis, applying the messages that arrived
   * meanwhile after it. Does nothing until both connections are ready; once at a time.
   */
  async #recover(): Promise<void> {
    const clients = this.#clients;
    if (this.#closed || !this.#connected || this.#recovering || this.#state === 'shared' || !clients) return;
    if (clients.commands.status !== 'ready' || clients.subscriber.status !== 'ready') return;
    this.#recovering = true;
    this.#buffer = [];
    const wasDegraded = this.#state === 'degraded';
    try {
      const { commands } = clients;
      this.#replicas = Number(await commands.sbHeartbeat(this.#keys.members, this.#replicaId, Date.now(), this.#ttl()));
      const now = Date.now();
      let merged = 0;
      for (const [key, record] of this.#view.all()) {
        if (record.openUntil <= now && record.retryAfterUntil <= now) continue;
        await commands.sbCircuitMerge(this.#keys.circuits, this.#keys.channel, this.#replicaId, key, JSON.stringify(record));
        merged++;
      }
      const [circuits, probes] = await Promise.all([commands.hgetall(this.#keys.circuits), commands.hgetall(this.#keys.probes)]);
      this.#view.replace(new Map(Object.entries(circuits).map(([key, raw]) => [key, JSON.parse(raw) as CircuitRecord])));
      for (const [provider, raw] of Object.entries(probes)) this.#context?.onProbe(provider, JSON.parse(raw) as SharedProbe);
      for (const message of this.#buffer) this.#apply(message);
      this.#setState('shared');
      if (wasDegraded) {
        // At the outage warning's level: whoever saw one must see the other.
        this.#logger.warn(
          { location: this.#options.location, replicas: this.#replicas, circuits: this.#view.all().size, merged },
          'Redis store reachable again: the shared view is rebuilt, budgets are counted fleet-wide again',
        );
      }
    } catch (error) {
      this.#degrade(error);
    } finally {
      this.#buffer = undefined;
      this.#recovering = false;
    }
  }

  /** Redis failed us: say it once per outage (`quiet`: a caller is told instead), and go on alone. */
  #degrade(error: unknown, { quiet = false }: { quiet?: boolean } = {}): void {
    if (this.#closed) return;
    this.#lastError = error instanceof Error ? error.message : String(error);
    if (this.#state === 'degraded') return;
    this.#setState('degraded');
    if (quiet) return;
    this.#logger.warn(
      { location: this.#options.location, err: error, replicas: this.#replicas },
      'Redis store unreachable: circuits and cooldowns go on with this replica alone, budgets by their onStoreDown policy (local-share: limit / replicas), until it returns',
    );
  }

  #setState(state: StoreState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#since = Date.now();
  }

  /** After a failed first connection nobody awaited: try again every heartbeat until it works or the store is closed. */
  #scheduleRetry(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connect().catch(() => {});
    }, this.#options.heartbeatMs);
    this.#retry.unref();
  }

  /** A promise, or a timeout error past `ms` (default: the command timeout). */
  #within<T>(promise: Promise<T>, ms = this.#options.commandTimeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'SWITCHBOARD_CONNECT_TIMEOUT' })), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
