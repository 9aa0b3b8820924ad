import { type Logger, silentLogger } from '@switchboard/core';

/** Anything with an async `close()`: a gateway, or the host's own function closing the gateway then the registry. */
export interface Closable {
  close(): Promise<void>;
}

/** Options of {@link closeOnSignals}. */
export interface CloseOnSignalsOptions {
  /** @default ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
  /**
   * Exit the process once `close()` settled (code 0, or 1 when it failed). A second signal
   * during shutdown exits at once with code 1.
   * @default true
   */
  exit?: boolean;
  /** @default silent */
  logger?: Logger;
}

/**
 * Wires SIGTERM and SIGINT to a graceful shutdown: the first signal calls `target.close()`
 * (which finishes or aborts the requests in flight within its own time limit), then exits; a
 * second one exits at once. Returns a function that removes the handlers.
 *
 * @example
 * closeOnSignals({ close: async () => { await gateway.close(); await registry.close(); } });
 */
export function closeOnSignals(target: Closable, options: CloseOnSignalsOptions = {}): () => void {
  const { signals = ['SIGTERM', 'SIGINT'], exit = true, logger = silentLogger } = options;
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      if (exit) process.exit(1);
      return;
    }
    logger.info({ signal }, 'shutting down');
    closing = target.close().then(
      () => {
        logger.info({ signal }, 'shut down');
        if (exit) process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error, signal }, 'shutdown failed');
        if (exit) process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
