// reflect-metadata first: decorated provider classes may be defined as soon as core is imported.
import './di/reflect.js';

// Registry (host apps)
export { createRegistry } from './registry/create-registry.js';
export type { Registry, RegistryOptions, ProviderInfo } from './registry/create-registry.js';
export type { LanguageModel, GenerateResult, ModelStream } from './registry/language-model.js';
export type { CallOptions, ExtraMediaPolicy } from './registry/call-options.js';
export type { ModelInfo } from './registry/model-catalog.js';
export type { RoutingOptions } from './registry/routing-options.js';
export { closestNames } from './registry/closest-names.js';
export { resolveAlias } from './registry/resolve-alias.js';
export { resolveProviderModel } from './registry/resolve-provider-model.js';

// Resilience
export type { ResilienceOptions } from './orchestration/resilience-options.js';
export { DEFAULT_RESILIENCE } from './orchestration/resilience-options.js';
export type { AttemptRecord } from './orchestration/attempt-record.js';
export { RegistryEvents } from './orchestration/registry-events.js';
export type { RegistryEventMap, RegistryEventName } from './orchestration/registry-events.js';
export type { Clock } from './orchestration/clock.js';
export { systemClock } from './orchestration/clock.js';
export { classifyError } from './orchestration/classify-error.js';
export type { ErrorClassification, FailureAction } from './orchestration/classify-error.js';
export { backoffDelay } from './orchestration/backoff-delay.js';

// Health
export type { HealthOptions } from './health/health-options.js';
export type { HealthCheckRequest } from './health/health-monitor.js';
export type { HealthReport, ProviderHealth, ModelHealth, HealthStatus, HealthSource, TrafficSummary, HealthError } from './health/health-report.js';
export { deriveStatus } from './health/derive-status.js';
export type { StatusEvidence, ProbeOutcome } from './health/derive-status.js';

// Provider contract (plugin authors)
export { PROVIDER_SPECIFICATION_VERSION } from './provider/specification-version.js';
export type { ProviderSpecificationVersion } from './provider/specification-version.js';
export type { Provider } from './provider/provider.js';
export type { ProviderCallOptions } from './provider/provider-call-options.js';
export type { HealthCheckOptions, HealthCheckResult } from './provider/health-check.js';
export type { Message, MessageRole, ContentPart, TextPart, ImageUrlPart, Prompt } from './provider/message.js';
export { MESSAGE_ROLES } from './provider/message.js';
export type {
  StreamPart,
  ProviderChunk,
  TextStreamPart,
  FinishStreamPart,
  FinishReason,
  UsageStreamPart,
  Usage,
  ProviderInfoStreamPart,
  WarningStreamPart,
} from './provider/stream-part.js';
export { messageText } from './provider/message-text.js';
export { normalizePrompt } from './provider/normalize-prompt.js';
export { foldSystemMessages } from './provider/fold-system-messages.js';

// Dependency injection
export { registerProvider, injectProviderContext } from './di/register-provider.js';
export type { ProviderClass, ProviderFactory, ProviderRegistration, RegisterProviderOptions } from './di/register-provider.js';
export type { ProviderContext } from './di/provider-context.js';
export { PROVIDER_TOKEN, PROVIDER_CONTEXT_TOKEN } from './di/tokens.js';

// HTTP (the transport providers share)
export { createHttpClient } from './http/create-http-client.js';
export type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './http/create-http-client.js';
export { parseHttpUrl } from './http/parse-http-url.js';
export { parseRetryAfter } from './http/parse-retry-after.js';
export { httpErrorFromResponse, isRetryableStatus, looksLikeHtml } from './http/http-error-from-response.js';
export { networkErrorFrom } from './http/network-error-from.js';

// Media
export type { MediaInput, MediaSource, LoadedMedia, ImageMediaType } from './media/media-input.js';
export { loadMedia, DEFAULT_MAX_MEDIA_BYTES } from './media/load-media.js';
export { sniffImageType } from './media/sniff-image-type.js';

// Logging
export { createLogger } from './logging/create-logger.js';

// Errors
export { SwitchboardError } from './errors/switchboard-error.js';
export type { ErrorKind } from './errors/error-kind.js';
export { InvalidArgumentError } from './errors/invalid-argument-error.js';
export { ModelNotFoundError } from './errors/model-not-found-error.js';
export { ProviderNotFoundError } from './errors/provider-not-found-error.js';
export { MediaError } from './errors/media-error.js';
export { ApiCallError, RESPONSE_BODY_EXCERPT_LENGTH } from './errors/api-call-error.js';
export type { ApiCallErrorOptions } from './errors/api-call-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { HtmlResponseError } from './errors/html-response-error.js';
export { ResponseFormatError } from './errors/response-format-error.js';
export { EmptyResponseError } from './errors/empty-response-error.js';
export { NetworkError } from './errors/network-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export type { TimeoutPhase } from './errors/timeout-error.js';
export { StreamInterruptedError } from './errors/stream-interrupted-error.js';
export { AllProvidersFailedError } from './errors/all-providers-failed-error.js';
export type { GiveUpReason } from './errors/all-providers-failed-error.js';
