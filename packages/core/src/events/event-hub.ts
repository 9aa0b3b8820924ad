import type { Logger } from '../logging/logger.js';
import type { RegistryEventListener, RegistryEventMap, RegistryEventName } from './registry-event-map.js';
import type { RegistryEvents } from './registry-events.js';

type AnyListener = (payload: never) => unknown;

/**
 * The registry's side of its events: it emits, hosts listen (through the {@link RegistryEvents}
 * view). Each listener is called on its own, so one that throws neither stops the others nor
 * reaches the code that emitted.
 */
export class EventHub implements RegistryEvents {
  readonly #listeners = new Map<RegistryEventName, AnyListener[]>();
  readonly #warned = new WeakMap<AnyListener, Set<RegistryEventName>>();
  readonly #logger: Logger;
  readonly #debug: boolean;

  constructor({ logger }: { logger: Logger }) {
    this.#logger = logger;
    this.#debug = logger.isLevelEnabled?.('debug') ?? true;
  }

  on<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): () => void {
    if (typeof listener !== 'function') throw new TypeError(`registry.events.on('${event}', listener): the listener must be a function.`);
    const list = this.#listeners.get(event);
    // Copy on write: an emit in progress keeps iterating the list it started with.
    this.#listeners.set(event, list ? [...list, listener as AnyListener] : [listener as AnyListener]);
    return () => this.off(event, listener);
  }

  once<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): () => void {
    const wrapper: RegistryEventListener<E> = (payload) => {
      this.off(event, wrapper);
      return listener(payload);
    };
    return this.on(event, wrapper);
  }

  off<E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const index = list.indexOf(listener as AnyListener);
    if (index === -1) return;
    const rest = [...list.slice(0, index), ...list.slice(index + 1)];
    if (rest.length === 0) this.#listeners.delete(event);
    else this.#listeners.set(event, rest);
  }

  /** True when someone listens, so hot paths build payloads only when they will be read. */
  has(event: RegistryEventName): boolean {
    return this.#listeners.has(event);
  }

  /** Calls every listener of `event`; never throws. */
  emit<E extends RegistryEventName>(event: E, payload: RegistryEventMap[E]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    for (const listener of list) {
      try {
        const result = (listener as RegistryEventListener<E>)(payload);
        if (result instanceof Promise) result.catch((error: unknown) => this.#listenerFailed(listener, event, error));
      } catch (error) {
        this.#listenerFailed(listener, event, error);
      }
    }
  }

  /** True when `report(event, …)` would do anything: hot paths skip building even the payload's closure. */
  watching(event: RegistryEventName): boolean {
    return this.#debug || this.#listeners.has(event);
  }

  /**
   * Emits the event, and writes the same fact to the debug log: the one place where what happens
   * is both announced and logged, so the two never drift apart.
   */
  report<E extends RegistryEventName>(event: E, payload: () => RegistryEventMap[E], message: string, level: 'debug' | 'info' = 'debug'): void {
    const listened = this.#listeners.has(event);
    const logged = level === 'info' || this.#debug;
    if (!listened && !logged) return;
    const built = payload();
    if (listened) this.emit(event, built);
    if (logged) this.#logger[level]({ event, ...withoutError(built) }, message);
  }

  #listenerFailed(listener: AnyListener, event: RegistryEventName, error: unknown): void {
    let events = this.#warned.get(listener);
    if (!events) this.#warned.set(listener, (events = new Set()));
    if (events.has(event)) return;
    events.add(event);
    this.#logger.warn(
      { event, err: error },
      `A registry.events listener for '${event}' threw; the call went on unaffected. Fix the listener (this is logged once per listener and event).`,
    );
  }
}

/** Debug lines carry the error's kind and message already; the error object itself goes under `err`. */
function withoutError(payload: object): Record<string, unknown> {
  const { error, ...rest } = payload as { error?: unknown };
  return error === undefined ? rest : { ...rest, err: error };
}
