import { messageText } from '@switchboard/core/provider';
import type { ResponseStore, StoredEntry } from './response-store.js';

/** Options of {@link MemoryResponseStore}. */
export interface MemoryResponseStoreOptions {
  /** Most entries (responses and output items) kept; past it the oldest goes. */
  maxEntries: number;
  /** Most bytes of message text (images included, as their data URIs) kept in all; past it the oldest go. */
  maxBytes: number;
  /** How long a response is kept after it was made, ms. */
  ttlMs: number;
  /** @default Date.now */
  now?: () => number;
}

interface Entry {
  entry: StoredEntry;
  bytes: number;
  expiresAt: number;
}

/**
 * Responses (and their output items) kept in this process's memory, bounded in count, in bytes and in time. A `Map` keeps
 * insertion order, which is also expiry order (every entry lives `ttlMs`), so evicting the oldest
 * and dropping the expired are the same walk from the front: each entry is removed once, and a
 * `set` costs O(1) amortized. Reading an expired entry removes it.
 */
export class MemoryResponseStore implements ResponseStore {
  readonly #entries = new Map<string, Entry>();
  readonly #options: Required<MemoryResponseStoreOptions>;
  #bytes = 0;

  constructor(options: MemoryResponseStoreOptions) {
    this.#options = { now: Date.now, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(id: string): StoredEntry | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#options.now()) {
      this.#remove(id, entry);
      return undefined;
    }
    return entry.entry;
  }

  set(id: string, stored: StoredEntry): boolean {
    const bytes = sizeOf(stored);
    const { maxBytes, maxEntries, ttlMs, now } = this.#options;
    if (bytes > maxBytes) return false;
    const previous = this.#entries.get(id);
    if (previous) this.#remove(id, previous);
    const time = now();
    for (const [oldest, entry] of this.#entries) {
      if (entry.expiresAt > time && this.#entries.size < maxEntries && this.#bytes + bytes <= maxBytes) break;
      this.#remove(oldest, entry);
    }
    this.#entries.set(id, { entry: stored, bytes, expiresAt: time + ttlMs });
    this.#bytes += bytes;
    return true;
  }

  #remove(id: string, entry: Entry): void {
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }
}

/** What an entry holds, in bytes of text: message text, image URIs, tool calls; an item as its JSON. */
function sizeOf(stored: StoredEntry): number {
  if ('item' in stored) return JSON.stringify(stored.item).length + 64;
  const { messages } = stored;
  let bytes = 0;
  for (const message of messages) {
    bytes += messageText(message).length + 64;
    if (Array.isArray(message.content)) for (const part of message.content) if (part.type === 'image_url') bytes += part.image_url.url.length;
    for (const call of message.toolCalls ?? []) bytes += call.id.length + call.name.length + call.arguments.length;
  }
  return bytes;
}
