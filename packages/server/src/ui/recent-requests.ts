import type { RecentRequest } from './dashboard-data.js';

/**
 * The last `capacity` requests in a ring: adding one is O(1) and drops the oldest once full.
 * Each entry gets the next sequence number, so a reader can ask for what came after the last one
 * it saw.
 */
export class RecentRequests {
  readonly #entries: (RecentRequest | undefined)[];
  #next = 0;
  #seq = 0;

  constructor(readonly capacity: number) {
    this.#entries = new Array<RecentRequest | undefined>(capacity).fill(undefined);
  }

  /** The sequence number of the newest entry (0 before the first). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Keeps `entry` (numbered in place) and drops the oldest past `capacity`. */
  add(entry: RecentRequest): void {
    entry.seq = ++this.#seq;
    this.#entries[this.#next] = entry;
    this.#next = (this.#next + 1) % this.capacity;
  }

  /** The entries kept with a sequence number above `seq`, oldest first. */
  after(seq = 0): RecentRequest[] {
    const newer = Math.min(this.#seq - seq, this.capacity);
    const list: RecentRequest[] = [];
    for (let back = newer; back >= 1; back--) {
      const entry = this.#entries[(this.#next - back + this.capacity) % this.capacity];
      if (entry !== undefined) list.push(entry);
    }
    return list;
  }
}
