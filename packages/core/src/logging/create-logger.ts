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

/** Characters that split or forge a line in a log viewer: C0 and C1 controls (not tab), DEL, U+2028 and U+2029. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAKING_ALL = new RegExp(LINE_BREAKING.source, 'g');
const SEPARATORS = /[\u2028\u2029]/g;

/**
 * `text` with every character that could split or forge a log line written as an escape (`\n`,
 * `\r`, `\u2028`): a client's model name or message cannot start a line of its own. Text without
 * any is returned as it is, at the cost of one test.
 */
export function escapeLogText(text: string): string {
  if (!LINE_BREAKING.test(text)) return text;
  return text.replace(LINE_BREAKING_ALL, (char) => (char === '\n' ? '\\n' : char === '\r' ? '\\r' : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * pino writes JSON, which escapes control characters but not U+2028 and U+2029 (valid in JSON, yet
 * a line break to many viewers): our own pino logger escapes them in each line it writes.
 */
const HOOKS = {
  streamWrite: (line: string) =>
    line.includes('\u2028') || line.includes('\u2029') ? line.replace(SEPARATORS, (char) => (char === '\u2028' ? '\\u2028' : '\\u2029')) : line,
};

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
  if (typeof option === 'string') return loadPino()({ level: option, redact: REDACT, hooks: HOOKS });
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

/**
 * Any other logger, which may print text rather than JSON: the same secrets are taken out of the
 * fields (two levels deep), and strings in them and the message are escaped ({@link escapeLogText}),
 * before they reach it. Errors are passed as they are, for the logger to print.
 */
function redacting(logger: Logger): Logger {
  const safe = (key: string, value: unknown) => (SECRET_KEYS.has(key) ? '[redacted]' : typeof value === 'string' ? escapeLogText(value) : value);
  const clean = (fields: Record<string, unknown>): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (SECRET_KEYS.has(key)) copy[key] = '[redacted]';
      else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Error)) {
        copy[key] = Object.fromEntries(Object.entries(value).map(([inner, v]) => [inner, safe(inner, v)]));
      } else copy[key] = safe(key, value);
    }
    return copy;
  };
  const text = (message: string | undefined) => (message === undefined ? undefined : escapeLogText(message));
  return {
    error: (fields, message) => logger.error(clean(fields), text(message)),
    warn: (fields, message) => logger.warn(clean(fields), text(message)),
    info: (fields, message) => logger.info(clean(fields), text(message)),
    debug: (fields, message) => logger.debug(clean(fields), text(message)),
    child: (bindings) => redacting(logger.child(clean(bindings))),
    ...(logger.isLevelEnabled ? { isLevelEnabled: (level) => logger.isLevelEnabled!(level) } : {}),
  };
}
