import {
  AllProvidersFailedError,
  ApiCallError,
  CircuitOpenError,
  InvalidArgumentError,
  MediaError,
  ModelNotFoundError,
  ProviderNotFoundError,
  RateLimitError,
  StreamInterruptedError,
  SwitchboardError,
  TimeoutError,
  UnsupportedCapabilityError,
  type AttemptRecord,
} from '@switchboard/core';
import { attemptsHeader } from '../chat/switchboard-headers.js';
import { GatewayError, type OpenAIErrorType } from './gateway-error.js';
import { redactSecrets } from './redact-secrets.js';

/** One attempt as an error body lists it. */
export interface OpenAIErrorAttempt {
  provider: string;
  model: string;
  attempt: number;
  outcome: AttemptRecord['outcome'];
  duration_ms: number;
  error_kind?: string;
  message?: string;
}

/** OpenAI's error body, with what Switchboard adds when it knows it. */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: OpenAIErrorType;
    param: string | null;
    code: string | null;
    /** Every attempt the registry made (502, 503, 504, 429 after fallback). */
    attempts?: OpenAIErrorAttempt[];
    /** For an unknown model: the served names closest to it. */
    closest_models?: string[];
  };
}

/** An error as the gateway answers it. */
export interface OpenAIErrorReply {
  status: number;
  headers: Record<string, string>;
  body: OpenAIErrorBody;
}

/** What the request held, to name the field an error is about. */
export interface OpenAIErrorContext {
  /** The request's extras: a provider's complaint about `providerOptions.<id>.temperature` is about `temperature`. */
  extras?: Readonly<Record<string, unknown>> | undefined;
}

const PROVIDER_OPTIONS = 'options.providerOptions.';
const MEDIA_PLACE = /^(messages\[\d+\](?:\.content\[\d+\])?)/;

/**
 * The status, headers and OpenAI error body for anything a request can fail with. The status
 * says whose fault it is: 4xx for what the client sent (including an upstream 400 about it), 429
 * when the providers are rate limited (their `Retry-After` passed on), 502 when they failed,
 * 503 when none could be tried, 504 when time ran out. Unknown errors are a 500 whose message
 * hides their details (they are logged instead).
 */
export function openAIErrorFrom(error: unknown, context: OpenAIErrorContext = {}): OpenAIErrorReply {
  if (GatewayError.isInstance(error)) return reply(error.status, error.type, error.code, error.message, { param: error.param, headers: { ...error.headers } });
  if (ModelNotFoundError.isInstance(error)) {
    const closest = [...error.closestModels];
    const hint = closest.length > 0 ? ` Did you mean ${closest.map((name) => `'${name}'`).join(' or ')}?` : '';
    return reply(
      404,
      'invalid_request_error',
      'model_not_found',
      `The model '${error.modelId}' is not served by this gateway.${hint} GET /v1/models lists every model.`,
      {
        param: 'model',
        extra: { closest_models: closest },
      },
    );
  }
  if (ProviderNotFoundError.isInstance(error)) return reply(404, 'invalid_request_error', 'model_not_found', error.message, { param: 'model' });
  if (InvalidArgumentError.isInstance(error)) return invalidArgument(error, context);
  if (MediaError.isInstance(error)) {
    const place = MEDIA_PLACE.exec(error.message)?.[1] ?? 'messages';
    return reply(400, 'invalid_request_error', 'invalid_image', error.message, { param: place });
  }
  if (UnsupportedCapabilityError.isInstance(error)) return reply(400, 'invalid_request_error', 'unsupported_capability', error.message);
  if (AllProvidersFailedError.isInstance(error)) return allProvidersFailed(error);
  // Every provider's circuit is open: nothing was sent; come back when the next trial goes through.
  if (CircuitOpenError.isInstance(error))
    return reply(503, 'server_error', 'circuit_open', error.message, { attempts: error.attempts, headers: retryAfter([error.retryAfterMs]) });
  if (TimeoutError.isInstance(error)) return reply(504, 'timeout_error', 'timeout', error.message, { attempts: error.attempts });
  if (StreamInterruptedError.isInstance(error)) return reply(502, 'api_error', 'stream_interrupted', error.message);
  if (RateLimitError.isInstance(error))
    return reply(429, 'rate_limit_error', 'rate_limit_exceeded', error.message, { headers: retryAfter([error.retryAfterMs]) });
  if (ApiCallError.isInstance(error)) {
    // The upstream refused the request's content (a parameter out of its range): the client can fix that.
    if (!error.isRetryable && (error.status === 400 || error.status === 422))
      return reply(400, 'invalid_request_error', 'upstream_invalid_request', error.message);
    if (!error.isRetryable && error.status === 413) return reply(413, 'invalid_request_error', 'request_too_large', error.message);
    return reply(502, 'api_error', 'upstream_error', error.message);
  }
  if (SwitchboardError.isInstance(error)) return reply(500, 'server_error', 'internal_error', (error as Error).message);
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return frameworkError(status, error as Error & { code?: string });
  return reply(500, 'server_error', 'internal_error', 'The gateway failed to handle the request; its logs have the details.');
}

/** Fastify's own refusals (body too large, bad JSON, wrong content type), in OpenAI's shape. */
function frameworkError(status: number, error: Error & { code?: string }): OpenAIErrorReply {
  if (status === 413)
    return reply(
      413,
      'invalid_request_error',
      'request_too_large',
      `The request body is larger than this gateway accepts (${error.message.replace(/^Request body is too large$/, 'body limit exceeded')}).`,
    );
  if (status === 415) {
    return reply(415, 'invalid_request_error', 'unsupported_media_type', `${error.message}. Send the body as JSON with 'Content-Type: application/json'.`);
  }
  if (error.code?.startsWith('FST_ERR_CTP_'))
    return reply(400, 'invalid_request_error', 'invalid_json', `The request body is not valid JSON: ${error.message}.`);
  return reply(status, 'invalid_request_error', 'invalid_request', error.message);
}

function invalidArgument(error: InvalidArgumentError, { extras }: OpenAIErrorContext): OpenAIErrorReply {
  const { argument } = error;
  if (argument === 'registry') return reply(503, 'server_error', 'registry_closed', 'The gateway is shutting down and takes no more requests.');
  const param = openAIParam(argument);
  // Core words the problem in its own spelling (`options.toolChoice.name`); the client sent OpenAI's.
  if (param !== undefined)
    return reply(400, 'invalid_request_error', 'invalid_value', error.message.replace(`Invalid ${argument}:`, `Invalid '${param}':`), { param });
  if (argument === 'modelId') return reply(400, 'invalid_request_error', 'invalid_value', error.message, { param: 'model' });
  if (argument.startsWith(PROVIDER_OPTIONS) && extras) {
    // `options.providerOptions.<provider id>.<field>`: ids may contain dots, so find the field by the request's own keys.
    for (const key in extras) {
      const at = argument.indexOf(`.${key}`, PROVIDER_OPTIONS.length + 1);
      const after = argument[at + key.length + 1];
      if (at === -1 || (after !== undefined && after !== '.' && after !== '[')) continue;
      const provider = argument.slice(PROVIDER_OPTIONS.length, at);
      const param = argument.slice(at + 1);
      const message = error.message.replace(`Invalid ${argument}:`, `Invalid '${param}' (for provider '${provider}'):`);
      return reply(400, 'invalid_request_error', 'invalid_value', message, { param });
    }
  }
  return reply(400, 'invalid_request_error', 'invalid_value', error.message);
}

/** The request field a registry argument stands for, in OpenAI's spelling (`options.tools[0].name` is `tools[0].function.name`). */
function openAIParam(argument: string): string | undefined {
  if (argument.startsWith('messages')) return argument.replace(/\.toolCalls\b/g, '.tool_calls').replace(/\.toolCallId\b/g, '.tool_call_id');
  if (argument.startsWith('options.tools[')) return argument.slice('options.'.length).replace(/^(tools\[\d+\])\.(?!function\b)/, '$1.function.');
  // A named choice is `tool_choice: { type: 'function', function: { name } }` in OpenAI's request.
  if (argument.startsWith('options.toolChoice')) return `tool_choice${argument.slice('options.toolChoice'.length).replace(/^\.name\b/, '.function.name')}`;
  if (argument.startsWith('options.parallelToolCalls')) return 'parallel_tool_calls';
  if (argument.startsWith('options.responseFormat')) return `response_format${argument.slice('options.responseFormat'.length)}`;
  return undefined;
}

function allProvidersFailed(error: AllProvidersFailedError): OpenAIErrorReply {
  const { attempts } = error;
  // Attempts refused by an open circuit or a provider known down say nothing of their own; the others say what went wrong.
  const tried = attempts.filter((attempt) => attempt.outcome === 'error' && attempt.errorKind !== 'circuit-open' && attempt.errorKind !== 'not-working');
  const all = (kind: string, list: readonly AttemptRecord[] = tried) => list.length > 0 && list.every((attempt) => attempt.errorKind === kind);
  if (tried.length === 0) {
    // Nothing was sent. Skipped for lack of a capability (images to a model without vision) is the request's doing.
    if (all('capability', attempts)) return reply(400, 'invalid_request_error', 'unsupported_capability', error.message, { attempts });
    return reply(503, 'server_error', 'no_provider_available', error.message, { attempts });
  }
  if (all('rate-limit')) {
    const waits = error.errors.map((each) => (RateLimitError.isInstance(each) ? each.retryAfterMs : undefined));
    return reply(429, 'rate_limit_error', 'rate_limit_exceeded', error.message, { attempts, headers: retryAfter(waits) });
  }
  if (all('timeout')) return reply(504, 'timeout_error', 'timeout', error.message, { attempts });
  return reply(502, 'api_error', 'all_providers_failed', error.message, { attempts });
}

/** `Retry-After` (whole seconds) and `retry-after-ms` from the shortest wait any provider asked for. */
function retryAfter(waits: readonly (number | undefined)[]): Record<string, string> {
  const known = waits.filter((wait): wait is number => wait !== undefined && Number.isFinite(wait) && wait >= 0);
  if (known.length === 0) return {};
  const ms = Math.min(...known);
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))), 'retry-after-ms': String(Math.round(ms)) };
}

function reply(
  status: number,
  type: OpenAIErrorType,
  code: string,
  message: string,
  options: { param?: string | null; headers?: Record<string, string>; attempts?: readonly AttemptRecord[]; extra?: Partial<OpenAIErrorBody['error']> } = {},
): OpenAIErrorReply {
  // Every message, the upstream's words included, goes to the client only through redactSecrets.
  const error: OpenAIErrorBody['error'] = { message: redactSecrets(message), type, param: options.param ?? null, code, ...options.extra };
  const headers = options.headers ?? {};
  if (options.attempts && options.attempts.length > 0) {
    error.attempts = options.attempts.map(toErrorAttempt);
    headers['x-switchboard-attempts'] = attemptsHeader(options.attempts);
  }
  return { status, headers, body: { error } };
}

function toErrorAttempt(attempt: AttemptRecord): OpenAIErrorAttempt {
  return {
    provider: attempt.provider,
    model: attempt.model,
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    duration_ms: Math.round(attempt.durationMs),
    ...(attempt.errorKind ? { error_kind: attempt.errorKind } : {}),
    ...(attempt.message ? { message: redactSecrets(attempt.message) } : {}),
  };
}
