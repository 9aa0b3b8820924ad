import type { RecordedRequest } from './recorded-request.js';

/** The most recent requests, oldest first; older ones drop off past the capacity. */
export interface RequestLog {
  add(request: RecordedRequest): void;
  list(): RecordedRequest[];
  clear(): void;
}

/** A ring buffer, so a long benchmark with recording on keeps constant memory and O(1) adds. */
export function createRequestLog(options: { capacity: number }): RequestLog {
  const { capacity } = options;
  let entries: RecordedRequest[] = [];
  let oldest = 0;
  return {
    add(request) {
      if (entries.length < capacity) {
        entries.push(request);
        return;
      }
      entries[oldest] = request;
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
