/** Log levels, most severe first; `silent` logs nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** One logging method: structured fields first, then the message (pino's argument order). */
export type LogMethod = (fields: Record<string, unknown>, message?: string) => void;

/**
 * The logger core and plugins write to. A pino logger satisfies it as it is; any other logger can
 * be adapted in a few lines. Errors go under the `err` field.
 */
export interface Logger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
  /** A logger that adds `bindings` to every line (`{ provider: 'dynaspark' }`). */
  child(bindings: Record<string, unknown>): Logger;
  /** Lets hot paths skip building lines nobody reads. Treated as "enabled" when absent. */
  isLevelEnabled?(level: LogLevel): boolean;
}
