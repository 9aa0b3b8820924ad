/**
 * What kind of failure an error is, as the orchestration layer and the attempt log see it.
 * One word per kind so logs and `AllProvidersFailedError` messages stay readable.
 */
export type ErrorKind =
  | 'invalid-argument'
  | 'model-not-found'
  | 'provider-not-found'
  | 'media'
  | 'api-call'
  | 'rate-limit'
  | 'auth'
  | 'html-page'
  | 'response-format'
  | 'empty-response'
  | 'network'
  | 'timeout'
  | 'abort'
  | 'stream-interrupted'
  | 'all-providers-failed'
  | 'circuit-open'
  | 'unsupported-capability'
  | 'structured-output'
  | 'unknown';
