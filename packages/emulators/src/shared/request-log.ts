/** The most recent requests, oldest first; older ones drop off past the capacity. */
export interface RequestLog<Entry> {
  add(entry: Entry): void;
  list(): Entry[];
  clear(): void;
}

/** A ring buffer, so a long benchmark or soak with recording on keeps constant memory and O(1) adds. */
export function createRequestLog<Entry>(options: { capacity: number }): RequestLog<Entry> {
  const { capacity } = options;
  let entries: Entry[] = [];
  let oldest = 0;
  return {
    add(entry) {
      if (entries.length < capacity) {
        entries.push(entry);
        return;
      }
      entries[oldest] = entry;
      oldest = (oldest + 1) % capacity;
    },
    list() {
      return oldest === 0 ? entries.slice() : [...entries.slice(oldest), ...entries.slice(0, oldest)];
    },
    clear() {
      entries = [];
      oldest = 0;
    },
  };
}
