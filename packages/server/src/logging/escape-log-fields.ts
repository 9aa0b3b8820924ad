import type { Logger, LogMethod } from '@switchboard/core';

// Everything that ends or breaks a line in some log viewer: C0 controls (\r, \n…), DEL, NEL, and
// the Unicode line and paragraph separators, which JSON leaves as they are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const HAS_LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const escapeCharacter = (character: string) => {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  if (character === '\t') return '\\t';
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
};

/** `text` with every line-breaking or control character written as an escape (`\n`, `\u2028`). */
export function escapeLogText(text: string): string {
  return text.replace(LINE_BREAKING, escapeCharacter);
}

/** An error with the same class, message and stack escaped, and its cause escaped likewise (a few levels). */
function escapeError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.keys(error))
    (copy as unknown as Record<string, unknown>)[key] = escapeValue((error as unknown as Record<string, unknown>)[key], depth + 1);
  Object.defineProperty(copy, 'message', { value: escapeLogText(error.message), enumerable: false, writable: true, configurable: true });
  if (error.stack !== undefined)
    Object.defineProperty(copy, 'stack', { value: escapeLogText(error.stack), enumerable: false, writable: true, configurable: true });
  if (error.cause !== undefined)
    Object.defineProperty(copy, 'cause', { value: escapeValue(error.cause, depth + 1), enumerable: false, writable: true, configurable: true });
  return copy;
}

function escapeValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return HAS_LINE_BREAKING.test(value) ? escapeLogText(value) : value;
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return escapeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => escapeValue(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = escapeValue((value as Record<string, unknown>)[key], depth + 1);
  return copy;
}

/**
 * The gateway's logger: every string it is handed (fields, error messages and stacks, the
 * message) has its line breaks and control characters escaped before the host's logger sees it,
 * so a client cannot forge or split a log line with `\r\n` or U+2028 in a model name, and a line
 * logger (one line of text per call) is as safe as a JSON one.
 */
export function escapingLogger(logger: Logger): Logger {
  const wrap =
    (level: 'error' | 'warn' | 'info' | 'debug'): LogMethod =>
    (fields, message) => {
      // Nothing to escape for a line nobody writes.
      if (logger.isLevelEnabled?.(level) === false) return;
      logger[level](escapeValue(fields, 0) as Record<string, unknown>, message === undefined ? undefined : escapeLogText(message));
    };
  return {
    error: wrap('error'),
    warn: wrap('warn'),
    info: wrap('info'),
    debug: wrap('debug'),
    child: (bindings) => escapingLogger(logger.child(escapeValue(bindings, 0) as Record<string, unknown>)),
    ...(logger.isLevelEnabled ? { isLevelEnabled: (level) => logger.isLevelEnabled!(level) } : {}),
  };
}
