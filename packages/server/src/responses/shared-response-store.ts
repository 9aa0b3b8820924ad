import type { Logger } from '@switchboard/core';
import type { StateStore } from '@switchboard/core/store';
import type { MemoryResponseStore } from './memory-response-store.js';
import type { ResponseStore, StoredEntry } from './response-store.js';

/** A store with shared documents (`createRedisStore()` from `@switchboard/store-redis`). */
export type SharedDocuments = Required<Pick<StateStore, 'getDocument' | 'setDocument'>>;

/**
 * Responses kept where every replica reads them (a shared store's documents), so a conversation
 * continues by `previous_response_id` whichever replica the load balancer picks. What this replica
 * made is also kept in its memory (the same bounds as without a shared store): read from there
 * first, it is found even while the shared store is away. An entry this replica does not have, with
 * the shared store away, is a `StoreConnectionError` (a 503), never a false "not found".
 */
export class SharedResponseStore implements ResponseStore {
  readonly #shared: SharedDocuments;
  readonly #local: MemoryResponseStore;
  readonly #ttlMs: number;
  readonly #logger: Logger;

  constructor(options: { shared: SharedDocuments; local: MemoryResponseStore; ttlMs: number; logger: Logger }) {
    this.#shared = options.shared;
    this.#local = options.local;
    this.#ttlMs = options.ttlMs;
    this.#logger = options.logger;
  }

  async get(id: string): Promise<StoredEntry | undefined> {
    const local = this.#local.get(id);
    if (local) return local;
    const text = await this.#shared.getDocument(documentKey(id));
    if (text === undefined) return undefined;
    const entry = parseEntry(text);
    if (!entry) this.#logger.warn({ id }, 'stored response unreadable in the shared store (written by another version?): answered as not found');
    return entry;
  }

  async set(id: string, entry: StoredEntry): Promise<boolean> {
    // Larger than this replica would keep is larger than the fleet keeps: the same answer everywhere.
    if (!this.#local.set(id, entry)) return false;
    await this.#shared.setDocument(documentKey(id), JSON.stringify(entry), { ttlMs: this.#ttlMs });
    return true;
  }
}

const documentKey = (id: string) => `response:${id}`;

function parseEntry(text: string): StoredEntry | undefined {
  try {
    const entry = JSON.parse(text) as unknown;
    if (typeof entry !== 'object' || entry === null) return undefined;
    if (Array.isArray((entry as { messages?: unknown }).messages)) return entry as StoredEntry;
    const item = (entry as { item?: unknown }).item;
    if (typeof item === 'object' && item !== null) return entry as StoredEntry;
    return undefined;
  } catch {
    return undefined;
  }
}
