// @switchboard/core: what host apps use. Plugin authors: `@switchboard/core/provider`. Store authors:
// `@switchboard/core/store`. Switchboard's own tools (CLI, gateway, emulators): `@switchboard/core/shared`.
// Tests of hosts and plugins: `@switchboard/core/testing`.
// reflect-metadata first: decorated provider classes may be defined as soon as core is imported.
import '../di/reflect.js';
import '../di/core-copies.js';

export { VERSION } from './version.js';

// The registry
export { createRegistry } from '../registry/create-registry.js';
export type { RegistryOptions, RegistryLimits } from '../registry/registry-options.js';
export type { Registry, ProviderInfo } from '../registry/registry.js';
export type { LanguageModel, GenerateResult, ModelStream } from '../registry/language-model.js';
export type { CallOptions, ExtraMediaPolicy } from '../registry/call-options.js';
export type { StructuredOutputOptions, ResponseFormatOption, StandardSchemaResponseFormat } from '../tools/tool-options.js';
export type { ModelInfo } from '../registry/model-catalog.js';
export type { RoutingOptions } from '../registry/routing-options.js';

// Prompts, settings and answers
export type { CallSettings, CallSetting } from '../provider/call-settings.js';
export { CALL_SETTINGS } from '../provider/call-settings.js';
export type { Prompt, Message, MessageRole, ContentPart, TextPart, ImageUrlPart } from '../provider/message.js';
export type {
  StreamPart,
  TextStreamPart,
  TextPartsMode,
  ToolCallDeltaStreamPart,
  ToolCallStreamPart,
  FinishStreamPart,
  FinishReason,
  UsageStreamPart,
  Usage,
  ProviderInfoStreamPart,
  WarningStreamPart,
} from '../provider/stream-part.js';
export type { ToolDefinition, ToolChoice, ToolCall, JsonSchema } from '../provider/tool.js';
export type { ResponseFormat } from '../provider/response-format.js';
export type { ModelCapabilities, Capability } from '../provider/model-capabilities.js';
export type { MediaInput, MediaSource } from '../provider/media-input.js';

// Resilience, events and health
export type { ResilienceOptions } from '../orchestration/resilience-options.js';
export type { RetryBudgetOptions } from '../orchestration/retry-budget.js';
export type { AttemptRecord, RetryDeclinedReason } from '../errors/attempt-record.js';
export type { RegistryEvents } from '../events/registry-events.js';
export type { RegistryEventMap, RegistryEventName, RegistryEventListener } from '../events/registry-event-map.js';
export type { HealthOptions } from '../health/health-options.js';
export type { HealthCheckRequest } from '../health/health-monitor.js';
export type { HealthReport, ProviderHealth, ModelHealth, HealthStatus, HealthSource, TrafficSummary, HealthError } from '../health/health-report.js';
export type { Clock, TimerOptions } from '../orchestration/clock.js';
export type { Logger, LogLevel, LogMethod } from '../logging/logger.js';
export { silentLogger } from '../logging/create-logger.js';

// Shared state and budgets (store authors: `@switchboard/core/store`)
export type { ProviderLimits, CallBudget } from '../orchestration/budget-options.js';
export { checkCallBudget } from '../orchestration/budget-options.js';
export type { BudgetReport } from '../orchestration/budgets.js';
export type { BudgetLimits, StoreDownPolicy, LimitUse } from '../store/budget.js';
export type { StateStore, StoreStatus, StoreState } from '../store/state-store.js';
export { createMemoryStore } from '../store/memory-store.js';

// OpenTelemetry (spans and metrics once the host registers an SDK)
export type { TelemetryOptions } from '../telemetry/telemetry-options.js';
export { GENAI_CONVENTIONS_VERSION } from '../telemetry/genai-conventions.js';

// Errors
export * from '../errors/index.js';
