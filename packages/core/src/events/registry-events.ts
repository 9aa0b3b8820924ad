import type { RegistryEventListener, RegistryEventName } from './registry-event-map.js';

/**
 * `registry.events`: what a host may do with the registry's events, which is listen. Only the
 * registry emits, so a host cannot forge a `circuit:open` or a `health:change`.
 *
 * Listeners run after the fact and outside the call: one that throws (or returns a rejected
 * promise) is logged at warn level, once per listener and event, and changes nothing about the
 * call's outcome.
 */
export interface RegistryEvents {
  /** Adds a listener; returns a function that removes it. */
  on<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): () => void;
  /** Adds a listener for the next event only; returns a function that removes it. */
  once<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): () => void;
  off<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): void;
}
