// @switchboard/core/provider: what plugin authors use to write a provider package.
import '../di/reflect.js';
import '../di/core-copies.js';

// The contract
export { PROVIDER_SPECIFICATION_VERSION, SUPPORTED_SPECIFICATION_VERSIONS } from '../provider/specification-version.js';
export type { ProviderSpecificationVersion } from '../provider/specification-version.js';
export type { Provider } from '../provider/provider.js';
export type { ProviderFactory, ProviderFactoryContext, ProviderModule } from '../provider/provider-factory.js';
/** @deprecated The factory type's old name: use `ProviderFactory`. */
export type { ProviderFactory as ProviderModuleFactory } from '../provider/provider-factory.js';
export { resolveProviderSettings } from '../provider/resolve-provider-settings.js';
export type { ProviderInit, ProviderPlugin } from '../provider/resolve-provider-settings.js';
export type { ProviderCallOptions } from '../provider/provider-call-options.js';
export type { Cancellation } from '../provider/cancellation.js';
export type { CallSettings, CallSetting } from '../provider/call-settings.js';
export { CALL_SETTINGS } from '../provider/call-settings.js';
export { OPENAI_SETTING_FIELDS } from '../provider/openai-setting-fields.js';
export type { OpenAISettingField } from '../provider/openai-setting-fields.js';
export type { HealthCheckOptions, HealthCheckResult } from '../provider/health-check.js';
export type { Message, MessageRole, ContentPart, TextPart, ImageUrlPart, Prompt } from '../provider/message.js';
export type {
  StreamPart,
  ProviderChunk,
  TextStreamPart,
  TextPartsMode,
  ToolCallDeltaStreamPart,
  ToolCallStreamPart,
  FinishStreamPart,
  FinishReason,
  UsageStreamPart,
  Usage,
  WarningStreamPart,
  ResponseInfoStreamPart,
} from '../provider/stream-part.js';
export type { ToolDefinition, ToolChoice, ToolCall, JsonSchema } from '../provider/tool.js';
export type { ResponseFormat } from '../provider/response-format.js';
export type { ModelCapabilities, Capability } from '../provider/model-capabilities.js';
export type { LoadedMedia, ImageMediaType } from '../provider/media-input.js';
export { sniffImageType } from '../media/sniff-image-type.js';
export type { Logger, LogLevel } from '../logging/logger.js';

// Registration (plugins never import tsyringe themselves: one container, core's)
export { registerProvider, injectProviderContext } from '../di/register-provider.js';
export type { FactoryRegistration, ProviderClass, ProviderRegistration, RegisterProviderOptions, UseFactoryRegistration } from '../di/register-provider.js';
export type { ProviderContext } from '../di/provider-context.js';

// HTTP: the transport providers share, and the one place HTTP answers (and aborts and cut connections) become typed errors
export { createHttpClient, DEFAULT_MAX_RESPONSE_BYTES } from '../http/create-http-client.js';
export type { EventsOptions, HttpClient, HttpClientOptions, HttpRequest, HttpResponse, OutgoingRequest } from '../http/create-http-client.js';
export type { ServerSentEvent, ServerSentEventIterator } from '../http/read-events.js';
export { httpErrorFromResponse, looksLikeHtml } from '../http/http-error-from-response.js';
export type { FailedResponse } from '../http/http-error-from-response.js';
export { parseHttpUrl } from '../validation/parse-http-url.js';

// Helpers a provider needs
export { resolveProviderModel } from '../registry/resolve-provider-model.js';
export { messageText } from '../provider/message-text.js';
export { isBlank, pythonStrip } from '../provider/is-blank.js';
export { parseWithSchema } from '../validation/parse-with-schema.js';
// The settings vocabulary (valibot schemas with our messages): plugins check their settings in it.
export {
  got,
  strictOptions,
  optional,
  wholeNumber,
  milliseconds,
  ratio,
  between,
  anyWholeNumber,
  flag,
  nonEmptyString,
  oneOf,
  recordOf,
  listOf,
  callable,
  providerId,
  httpUrl,
  oneLine,
  secret,
  modelName,
  modelList,
} from '../validation/option-schemas.js';
export type { StandardSchemaV1, StandardSchemaIssue } from '../validation/standard-schema.js';
export { describeValue } from '../validation/describe-value.js';
export { closestNames } from '../validation/closest-names.js';

// Errors to throw
export * from '../errors/index.js';
