import type { ErrorCode } from './error-code.js';

/**
 * What kind of failure an error is, as the orchestration layer and the attempt log see it: the
 * error's `code`, or what classification adds (`auth`: a 401/403 `ApiCallError`; `abort`;
 * `circuit-open` for cockatiel's own circuit errors; `unknown` for errors that are not Switchboard's). One word per kind so logs and
 * `AllProvidersFailedError` messages stay readable.
 */
export type ErrorKind = ErrorCode | 'auth' | 'abort' | 'unknown';
