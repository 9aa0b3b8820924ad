import { pino, type Logger, type LevelWithSilent } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'proxy',
  '*.proxy',
];

/**
 * The registry's logger: the host's pino instance (a child per component), or a new one at the
 * given level. Silent by default: a library does not write to a host's stdout unless asked.
 */
export function createLogger(option: Logger | LevelWithSilent | undefined): Logger {
  if (option === undefined) return pino({ level: 'silent' });
  if (typeof option === 'string') return pino({ level: option, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
  return option;
}
