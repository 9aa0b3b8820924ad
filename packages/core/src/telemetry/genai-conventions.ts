/**
 * The OpenTelemetry semantic conventions this module writes, pinned: GenAI as of semantic
 * conventions v1.41.0 (`docs/gen-ai/gen-ai-spans.md`, `gen-ai-metrics.md` and the input/output
 * messages JSON schemas), the last release before the GenAI conventions moved to their own
 * repository (`semantic-conventions-genai`, whose v0.1.0 renames the metrics). They are in
 * Development status: a later version is a deliberate change here, named in the README.
 */
export const GENAI_CONVENTIONS_VERSION = '1.41.0';

/** The instrumentation scope of every span and instrument core makes. */
export const INSTRUMENTATION_SCOPE = '@switchboard/core';

/** `gen_ai.operation.name` of a chat call: every call the registry makes is one. */
export const CHAT_OPERATION = 'chat';

/** Attribute names from the conventions (and ours under `switchboard.`), written once. */
export const ATTR = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  outputType: 'gen_ai.output.type',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  tokenType: 'gen_ai.token.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  requestId: 'switchboard.request_id',
  attempt: 'switchboard.attempt',
  attemptCount: 'switchboard.attempt.count',
  attemptTrail: 'switchboard.attempt.trail',
  fallbackCount: 'switchboard.fallback.count',
  decision: 'switchboard.decision',
  retryDelay: 'switchboard.retry.delay',
  retryDeclined: 'switchboard.retry.declined',
  errorKind: 'switchboard.error.kind',
  circuitState: 'switchboard.circuit.state',
  budgetOutcome: 'switchboard.budget.outcome',
  budgetLimit: 'switchboard.budget.limit',
  outcome: 'switchboard.outcome',
  model: 'switchboard.model',
  provider: 'switchboard.provider',
  toState: 'switchboard.circuit.to_state',
} as const;

/** Metric names: the conventions' client instruments, then ours. */
export const METRIC = {
  operationDuration: 'gen_ai.client.operation.duration',
  tokenUsage: 'gen_ai.client.token.usage',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  attempts: 'switchboard.client.attempts',
  retries: 'switchboard.client.retries',
  fallbacks: 'switchboard.client.fallbacks',
  circuitTransitions: 'switchboard.circuit.transitions',
} as const;

/** The bucket boundaries the conventions ask for (seconds, then tokens). */
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
export const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
