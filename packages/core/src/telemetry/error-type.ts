/** `error.type` when nothing better describes a failure (the conventions' fallback value). */
export const OTHER_ERROR_TYPE = '_OTHER';

/**
 * `error.type` for a failure, low in cardinality as the conventions ask: the HTTP status a
 * provider answered with (`429`, `503`), else the system's code of a network failure
 * (`ECONNREFUSED`), else the error's stable `code` (`timeout`, `circuit-open`), else its class
 * name (`AbortError` for a caller's abort), else `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return OTHER_ERROR_TYPE;
  const { status, systemCode, code, name } = error as { status?: unknown; systemCode?: unknown; code?: unknown; name?: unknown };
  if (typeof status === 'number' && Number.isInteger(status)) return String(status);
  if (typeof systemCode === 'string' && systemCode !== '') return systemCode;
  if (typeof code === 'string' && code !== '') return code;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  return OTHER_ERROR_TYPE;
}
