// Every error class, for hosts (`@switchboard/core`) and plugins (`@switchboard/core/provider`) alike.
export { SwitchboardError } from './switchboard-error.js';
export type { ErrorKind } from './error-kind.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export { ModelNotFoundError } from './model-not-found-error.js';
export { ProviderNotFoundError } from './provider-not-found-error.js';
export { MediaError } from './media-error.js';
export { ApiCallError } from './api-call-error.js';
export type { ApiCallErrorOptions } from './api-call-error.js';
export { RateLimitError } from './rate-limit-error.js';
export { HtmlResponseError } from './html-response-error.js';
export { ResponseFormatError } from './response-format-error.js';
export { EmptyResponseError } from './empty-response-error.js';
export { NetworkError } from './network-error.js';
export { TimeoutError } from './timeout-error.js';
export type { TimeoutPhase } from './timeout-error.js';
export { StreamInterruptedError } from './stream-interrupted-error.js';
export { AllProvidersFailedError } from './all-providers-failed-error.js';
export type { GiveUpReason } from './all-providers-failed-error.js';
