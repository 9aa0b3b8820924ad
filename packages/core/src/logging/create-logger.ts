import { createRequire } from 'node:module';
import type { LogLevel, Logger } from './logger.js';

/** Fields whose values never reach a log line. */
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

/** A logger that writes nothing: the default, which needs no logging library at all. */
export const silentLogger: Logger & { level: 'silent' } = {
  level: 'silent',
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => silentLogger,
  isLevelEnabled: () => false,
};

// pino is loaded only when a host asks for a level (synchronously, as createRegistry is).
const loadPino = () => (createRequire(import.meta.url)('pino') as typeof import('pino')).pino;
const SECRET_KEYS = new Set(['apiKey', 'authorization', 'cookie', 'proxy']);

/**
 * The registry's logger: a child of the host's logger (its lines go where the host sends them), or
 * a new pino logger at the given level. Either way our secrets are redacted from our lines.
 * Silent by default: a library does not write to a host's stdout unless asked.
 */
export function createLogger(option: Logger | LogLevel | undefined): Logger {
  if (option === undefined || option === 'silent') return silentLogger;
  if (typeof option === 'string') return loadPino()({ level: option, redact: REDACT });
  if (isPino(option)) return (option as unknown as PinoLike).child({}, { redact: REDACT });
  return redacting(option);
}

/** pino's `child` takes options too (redaction); other loggers' may not. */
interface PinoLike {
  child(bindings: object, options: object): Logger;
}

function isPino(logger: Logger): boolean {
  return typeof (logger as { levels?: unknown }).levels === 'object' && typeof (logger as { bindings?: unknown }).bindings === 'function';
}

/** Any other logger: the same secrets are taken out of the fields (two levels deep) before they reach it. */
function redacting(logger: Logger): Logger {
  const clean = (fields: Record<string, unknown>): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (SECRET_KEYS.has(key)) copy[key] = '[redacted]';
      else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
        copy[key] = Object.fromEntries(Object.entries(value).map(([inner, v]) => [inner, SECRET_KEYS.has(inner) ? '[redacted]' : v]));
      } else copy[key] = value;
    }
    return copy;
  };
  return {
    error: (fields, message) => logger.error(clean(fields), message),
    warn: (fields, message) => logger.warn(clean(fields), message),
    info: (fields, message) => logger.info(clean(fields), message),
    debug: (fields, message) => logger.debug(clean(fields), message),
    child: (bindings) => redacting(logger.child(clean(bindings))),
    ...(logger.isLevelEnabled ? { isLevelEnabled: (level) => logger.isLevelEnabled!(level) } : {}),
  };
}
