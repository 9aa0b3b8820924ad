import type { Message } from '@switchboard/core';

/** A response this gateway produced, as a later request continues it: the whole conversation up to and including the answer. */
export interface StoredResponse {
  /** Every message of the conversation (instructions excluded: they are not carried over), the answer last. */
  messages: readonly Message[];
}

/** An output item of a response this gateway produced (a `message` or a `function_call`), as sent, for `item_reference` inputs. */
export interface StoredItem {
  item: Readonly<Record<string, unknown>>;
}

/** What the store keeps under an id: a response (`resp_…`) or one of its output items (`msg_…`, `fc_…`). */
export type StoredEntry = StoredResponse | StoredItem;

/**
 * Where the Responses route keeps the responses it produced, for `previous_response_id`. Small on
 * purpose, so a shared store (issue 17's `StateStore`) can back it as well as memory: every
 * method may be asynchronous, and an entry may vanish at any time (expired, evicted), which a
 * request sees as an unknown id.
 */
export interface ResponseStore {
  get(id: string): StoredEntry | undefined | Promise<StoredEntry | undefined>;
  /** Keeps `entry` under `id`; returns false when it was not kept (larger than the store takes). */
  set(id: string, entry: StoredEntry): boolean | Promise<boolean>;
}
