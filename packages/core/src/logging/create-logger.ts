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

const REDACT = { paths: REDACTED_PATHS, censor: '[redacted]' };

/**
 * The registry's logger: a child of the host's pino instance (its lines go where the host sends
 * them), or a new one at the given level. Either way our secrets are redacted from our lines.
 * Silent by default: a library does not write to a host's stdout unless asked.
 */
export function createLogger(option: Logger | LevelWithSilent | undefined): Logger {
  if (option === undefined) return pino({ level: 'silent' });
  if (typeof option === 'string') return pino({ level: option, redact: REDACT });
  return option.child({}, { redact: REDACT });
}
