import type { Logger, LogLevel } from '@switchboard/core';
import type { OutputStream } from '../cli-context.js';
import type { Styles } from './create-styles.js';

/** Options of {@link createLineLogger}. */
export interface LineLoggerOptions {
  stream: OutputStream;
  styles: Styles;
  /** Lines below this level are dropped. @default 'warn' */
  level?: Exclude<LogLevel, 'fatal' | 'trace' | 'silent'>;
}

const RANK = { error: 0, warn: 1, info: 2, debug: 3 } as const;

/**
 * A logger for people at a terminal (core's `Logger`, which the gateway takes): one line per
 * entry, `warn: request failed (status=502, path=/v1/chat/completions: upstream said ...)`. No
 * pino here: the CLI's lines are read, not shipped to a log store.
 */
export function createLineLogger({ stream, styles, level = 'warn' }: LineLoggerOptions, bindings: Record<string, unknown> = {}): Logger {
  const enabled = (wanted: keyof typeof RANK) => RANK[wanted] <= RANK[level];
  const method =
    (name: keyof typeof RANK) =>
    (fields: Record<string, unknown>, message = ''): void => {
      if (!enabled(name)) return;
      const style = name === 'error' ? styles.red : name === 'warn' ? styles.yellow : styles.dim;
      const { err, ...rest } = { ...bindings, ...fields };
      const details = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      if (err !== undefined) details.push(err instanceof Error ? err.message.split('\n')[0]! : String(err));
      stream.write(`${style(name)}: ${message}${details.length > 0 ? ` (${details.join(', ')})` : ''}\n`);
    };
  return {
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    child: (more) => createLineLogger({ stream, styles, level }, { ...bindings, ...more }),
    isLevelEnabled: (wanted) => wanted in RANK && enabled(wanted as keyof typeof RANK),
  };
}
