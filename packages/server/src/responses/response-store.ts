import type { Message } from '@switchboard/core';

/** A response this gateway produced, as a later request continues it: the whole conversation up to and including the answer. */
export interface StoredResponse {
  /** Every message of the conversation (instructions excluded: they are not carried over), the answer last. */
  messages: readonly Message[];
}

/**
 * Where the Responses route keeps the responses it produced, for `previous_response_id`. Small on
 * purpose, so a shared store (issue 17's `StateStore`) can back it as well as memory: every
 * method may be asynchronous, and an entry may vanish at any time (expired, evicted), which a
 * request sees as an unknown id.
 */
export interface ResponseStore {
  get(id: string): StoredResponse | undefined | Promise<StoredResponse | undefined>;
  /** Keeps `response` under `id`; returns false when it was not kept (larger than the store takes). */
  set(id: string, response: StoredResponse): boolean | Promise<boolean>;
}
