import type { Cancellation } from '../provider/cancellation.js';

/**
 * The {@link Cancellation} an attempt hands its provider. Listeners are kept in a plain array and
 * the `AbortController` is built only when a provider reads `signal`: most attempts end without
 * either, and a provider that reads it sees exactly what a controller of its own would show.
 */
export class AttemptCancellation implements Cancellation {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  #listeners: ((reason: unknown) => void)[] | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  addListener(listener: (reason: unknown) => void): void {
    if (this.#aborted) return;
    (this.#listeners ??= []).push(listener);
  }

  removeListener(listener: (reason: unknown) => void): void {
    const listeners = this.#listeners;
    if (!listeners) return;
    const index = listeners.lastIndexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }

  /** Cancels once (later calls do nothing): the signal, if built, aborts, and every listener hears the reason. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener(reason);
      } catch (error) {
        // As an EventTarget does: a listener's failure is reported, and the others still hear.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }
}
