import { EventEmitter } from 'node:events';
import type { ErrorKind } from '../errors/error-kind.js';

interface AttemptIdentity {
  /** Id of the `generate`/`stream` call, also bound to its log lines. */
  requestId: string;
  provider: string;
  model: string;
  /** 1-based attempt number on this provider. */
  attempt: number;
}

/** Everything the registry reports, by event name. */
export interface RegistryEventMap {
  'attempt:start': AttemptIdentity;
  'attempt:end': AttemptIdentity & { outcome: 'success' | 'error'; durationMs: number; errorKind?: ErrorKind; error?: unknown };
  retry: AttemptIdentity & { delayMs: number; errorKind: ErrorKind };
  fallback: { requestId: string; from: { provider: string; model: string }; to: { provider: string; model: string } | undefined; errorKind: ErrorKind };
  'circuit:open': { provider: string; model: string };
  'circuit:half-open': { provider: string; model: string };
  'circuit:close': { provider: string; model: string };
  'health:change': { provider: string; model?: string; from: string; to: string; reason?: string };
}

export type RegistryEventName = keyof RegistryEventMap;

/** A typed event emitter for {@link RegistryEventMap}. Listener errors are not caught: keep them small. */
export class RegistryEvents {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  on<E extends RegistryEventName>(event: E, listener: (payload: RegistryEventMap[E]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  once<E extends RegistryEventName>(event: E, listener: (payload: RegistryEventMap[E]) => void): () => void {
    this.#emitter.once(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  off<E extends RegistryEventName>(event: E, listener: (payload: RegistryEventMap[E]) => void): void {
    this.#emitter.off(event, listener);
  }

  /** True when someone listens, so hot paths build payloads only when they will be read. */
  has(event: RegistryEventName): boolean {
    return this.#emitter.listenerCount(event) > 0;
  }

  emit<E extends RegistryEventName>(event: E, payload: RegistryEventMap[E]): void {
    this.#emitter.emit(event, payload);
  }
}
