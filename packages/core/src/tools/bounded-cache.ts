/**
 * A least-recently-used map bounded by entry count and by total weight (what each entry costs,
 * as the caller measures it). An entry heavier than the whole budget is not kept at all.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, { value: V; weight: number }>();
  readonly #maxEntries: number;
  readonly #maxWeight: number;
  #weight = 0;

  constructor({ maxEntries, maxWeight = Number.POSITIVE_INFINITY }: { maxEntries: number; maxWeight?: number }) {
    this.#maxEntries = maxEntries;
    this.#maxWeight = maxWeight;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, weight = 1): void {
    const existing = this.#entries.get(key);
    if (existing) {
      this.#entries.delete(key);
      this.#weight -= existing.weight;
    }
    if (weight > this.#maxWeight || this.#maxEntries < 1) return;
    this.#entries.set(key, { value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#weight <= this.#maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }
}
