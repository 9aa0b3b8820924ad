import type { CircuitRecord, StoreContext } from '@switchboard/core/store';

/**
 * This replica's view of every circuit: what calls read, without I/O. Changes come from three
 * places: this replica's own calls (applied at once, before Redis confirms), the scripts' answers
 * and the channel (the record as Redis made it), and a rebuild after an outage (the whole hash).
 * A record from Redis is applied only when newer than the one held (`version`), so changes land
 * in the order Redis made them however the two connections interleave. A record with nothing in
 * it (no failures, not open, no cooldown ahead) is dropped: calls read `undefined` for it.
 */
export class CircuitView {
  readonly #records = new Map<string, CircuitRecord>();
  /** Versions seen from Redis, dropped records included. */
  readonly #versions = new Map<string, number>();
  readonly #notify: () => StoreContext | undefined;

  constructor(notify: () => StoreContext | undefined) {
    this.#notify = notify;
  }

  get(key: string): CircuitRecord | undefined {
    return this.#records.get(key);
  }

  all(): ReadonlyMap<string, CircuitRecord> {
    return this.#records;
  }

  /** This replica's own change, before (or without) Redis. */
  applyLocal(key: string, record: CircuitRecord | undefined): void {
    this.#set(key, record);
  }

  /** A record as Redis has it: applied when newer than what was seen from Redis. */
  applyShared(key: string, record: CircuitRecord): void {
    if (record.version <= (this.#versions.get(key) ?? 0)) return;
    this.#versions.set(key, record.version);
    this.#set(key, isEmpty(record) ? undefined : record);
  }

  /** Replaces the whole view with Redis' (after an outage): pairs Redis does not know are closed. */
  replace(records: ReadonlyMap<string, CircuitRecord>): void {
    for (const key of [...this.#records.keys()]) if (!records.has(key)) this.#set(key, undefined);
    this.#versions.clear();
    for (const [key, record] of records) {
      this.#versions.set(key, record.version);
      this.#set(key, isEmpty(record) ? undefined : record);
    }
  }

  #set(key: string, record: CircuitRecord | undefined): void {
    const previous = this.#records.get(key);
    if (record === previous || (record && previous && sameState(record, previous))) {
      if (record) this.#records.set(key, record);
      return;
    }
    if (record) this.#records.set(key, record);
    else this.#records.delete(key);
    try {
      this.#notify()?.onCircuitChange(key, record, previous);
    } catch {
      // The registry's reaction is its own business: the view stands.
    }
  }
}

/** A record that says nothing: no failures, not open, no cooldown that could still be ahead. */
function isEmpty(record: CircuitRecord): boolean {
  return record.failures === 0 && record.openUntil === 0 && record.retryAfterUntil === 0;
}

function sameState(a: CircuitRecord, b: CircuitRecord): boolean {
  return (
    a.failures === b.failures &&
    a.openUntil === b.openUntil &&
    a.cooldownMs === b.cooldownMs &&
    a.trialUntil === b.trialUntil &&
    a.retryAfterUntil === b.retryAfterUntil
  );
}
