/**
 * The `code` of each error class of core: stable, so code that reacts to errors (the registry's
 * classification, a gateway's status mapping, a host's `switch`) reads it instead of a message.
 *
 * | code | class |
 * | --- | --- |
 * | `invalid-argument` | `InvalidArgumentError` |
 * | `nesting-too-deep` | `NestingTooDeepError` (an `InvalidArgumentError`) |
 * | `model-not-found` | `ModelNotFoundError` |
 * | `provider-not-found` | `ProviderNotFoundError` |
 * | `media` | `MediaError` |
 * | `unsupported-capability` | `UnsupportedCapabilityError` |
 * | `api-call` | `ApiCallError` |
 * | `rate-limit` | `RateLimitError` |
 * | `html-page` | `HtmlResponseError` |
 * | `response-format` | `ResponseFormatError` |
 * | `response-too-large` | `ResponseTooLargeError` (a `ResponseFormatError`) |
 * | `empty-response` | `EmptyResponseError` |
 * | `structured-output` | `StructuredOutputError` |
 * | `network` | `NetworkError` (the system's own code is `systemCode`) |
 * | `timeout` | `TimeoutError` |
 * | `stream-interrupted` | `StreamInterruptedError` |
 * | `all-providers-failed` | `AllProvidersFailedError` |
 * | `circuit-open` | `CircuitOpenError` |
 * | `budget-exceeded` | `BudgetExceededError` (a `RateLimitError`) |
 * | `store-connection` | `StoreConnectionError` |
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'nesting-too-deep'
  | 'model-not-found'
  | 'provider-not-found'
  | 'media'
  | 'unsupported-capability'
  | 'api-call'
  | 'rate-limit'
  | 'html-page'
  | 'response-format'
  | 'response-too-large'
  | 'empty-response'
  | 'structured-output'
  | 'network'
  | 'timeout'
  | 'stream-interrupted'
  | 'all-providers-failed'
  | 'circuit-open'
  | 'budget-exceeded'
  | 'store-connection';
