import {
  type AllProvidersFailedError,
  type ApiCallError,
  type BudgetExceededError,
  type CircuitOpenError,
  type InvalidArgumentError,
  type MediaError,
  type ModelNotFoundError,
  type ProviderNotFoundError,
  RateLimitError,
  type StoreConnectionError,
  type StreamInterruptedError,
  SwitchboardError,
  type TimeoutError,
  type UnsupportedCapabilityError,
  type AttemptRecord,
} from '@switchboard/core';
import { OPENAI_SETTING_FIELDS } from '@switchboard/core/shared';
import { clientBudgetName } from '../auth/client-key.js';
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
  /**
   * The registry's argument of each call setting → the request field it came from, where it is not
   * the usual one (`options.maxOutputTokens` → `max_completion_tokens`).
   */
  params?: Readonly<Record<string, string>> | undefined;
  /**
   * For a request not in chat completions' shape: where each of the registry's messages came
   * from (`input[2]`, `messages[1]`, `instructions`), so an error about `messages[3]` names the
   * client's own field (the message: the registry's parts do not map one to one onto its blocks).
   */
  messagePaths?: readonly string[] | undefined;
  /** The request's tools are flat (`tools[0].name`), as in the Responses and Messages APIs, not nested under `function`. */
  flatTools?: boolean | undefined;
}

type Reply = (error: never, context: OpenAIErrorContext) => OpenAIErrorReply;

/**
 * Each error of the registry by its `code`, answered from its fields: no message is parsed. The
 * status says whose fault it is: 4xx for what the client sent (including an upstream 400 about
 * it), 429 when the providers are rate limited (their `Retry-After` passed on), 502 when they
 * failed, 503 when none could be tried, 504 when time ran out.
 */
const BY_CODE: Readonly<Record<string, Reply>> = {
  'model-not-found': (error: ModelNotFoundError) => {
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
  },
  'provider-not-found': (error: ProviderNotFoundError) => reply(404, 'invalid_request_error', 'model_not_found', error.message, { param: 'model' }),
  'invalid-argument': (error: InvalidArgumentError, context) => invalidArgument(error, context),
  'nesting-too-deep': (error: InvalidArgumentError, context) => invalidArgument(error, context),
  // The image's place in the request; an error about no one image (too many for any provider) is about the messages.
  media: (error: MediaError, context) =>
    reply(400, 'invalid_request_error', 'invalid_image', error.message, { param: (error.path && openAIParam(error.path, context)) || 'messages' }),
  'unsupported-capability': (error: UnsupportedCapabilityError) => reply(400, 'invalid_request_error', 'unsupported_capability', error.message),
  'all-providers-failed': (error: AllProvidersFailedError) => allProvidersFailed(error),
  // Every provider's circuit is open: nothing was sent; come back when the next trial goes through.
  'circuit-open': (error: CircuitOpenError) =>
    reply(503, 'server_error', 'circuit_open', error.message, { attempts: error.attempts, headers: retryAfter([error.retryAfterMs]) }),
  timeout: (error: TimeoutError) => reply(504, 'timeout_error', 'timeout', error.message, { attempts: error.attempts }),
  'stream-interrupted': (error: StreamInterruptedError) => reply(502, 'api_error', 'stream_interrupted', error.message),
  'rate-limit': (error: RateLimitError) => reply(429, 'rate_limit_error', 'rate_limit_exceeded', error.message, { headers: retryAfter([error.retryAfterMs]) }),
  'budget-exceeded': (error: BudgetExceededError) => budgetExceeded(error),
  'api-call': (error: ApiCallError) => upstream(error),
  'html-page': (error: ApiCallError) => upstream(error),
  'response-format': (error: ApiCallError) => upstream(error),
  'response-too-large': (error: ApiCallError) => upstream(error),
  'empty-response': (error: ApiCallError) => upstream(error),
  'structured-output': (error: ApiCallError) => upstream(error),
  network: (error: ApiCallError) => upstream(error),
  // The shared store (Redis) is away: what the request needs from it cannot be read now.
  'store-connection': (error: StoreConnectionError) => reply(503, 'server_error', 'store_unavailable', error.message),
};

/**
 * An upstream answer the upstream did not want repeated (`isRetryable: false`), by status: a
 * refusal of the request's content is the client's to fix. Anything else from upstream is a 502.
 */
const UPSTREAM_REFUSALS: Readonly<Record<number, { status: number; code: string }>> = {
  400: { status: 400, code: 'upstream_invalid_request' },
  422: { status: 400, code: 'upstream_invalid_request' },
  413: { status: 413, code: 'request_too_large' },
};

/** Arguments that are no request field but a state of the gateway, or a field of another name. */
const ARGUMENTS: Readonly<Record<string, (error: InvalidArgumentError) => OpenAIErrorReply>> = {
  registry: () => reply(503, 'server_error', 'registry_closed', 'The gateway is shutting down and takes no more requests.'),
  modelId: (error) => reply(400, 'invalid_request_error', 'invalid_value', `Invalid 'model': ${error.reason}`, { param: 'model' }),
};

/**
 * The status, headers and OpenAI error body for anything a request can fail with: the gateway's
 * own refusals as they say, the registry's errors by their `code` and fields (see `BY_CODE`),
 * Fastify's refusals by their status. Unknown errors are a 500 whose message hides their details
 * (they are logged instead).
 */
export function openAIErrorFrom(error: unknown, context: OpenAIErrorContext = {}): OpenAIErrorReply {
  if (GatewayError.isInstance(error)) return reply(error.status, error.type, error.code, error.message, { param: error.param, headers: { ...error.headers } });
  if (SwitchboardError.isInstance(error)) {
    const answer = Object.hasOwn(BY_CODE, error.code) ? BY_CODE[error.code] : undefined;
    return answer ? answer(error as never, context) : reply(500, 'server_error', 'internal_error', (error as Error).message);
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return frameworkError(status, error as Error & { code?: string });
  return reply(500, 'server_error', 'internal_error', 'The gateway failed to handle the request; its logs have the details.');
}

function upstream(error: ApiCallError): OpenAIErrorReply {
  const refusal = !error.isRetryable && error.status !== undefined ? UPSTREAM_REFUSALS[error.status] : undefined;
  if (refusal) return reply(refusal.status, 'invalid_request_error', refusal.code, error.message);
  return reply(502, 'api_error', 'upstream_error', error.message);
}

/** Fastify's own refusals (body too large, bad JSON, wrong content type), in OpenAI's shape. */
function frameworkError(status: number, error: Error & { code?: string }): OpenAIErrorReply {
  if (status === 413)
    return reply(413, 'invalid_request_error', 'request_too_large', 'The request body is larger than this gateway accepts (body limit exceeded).');
  if (status === 415) {
    return reply(415, 'invalid_request_error', 'unsupported_media_type', `${error.message}. Send the body as JSON with 'Content-Type: application/json'.`);
  }
  if (error.code?.startsWith('FST_ERR_CTP_'))
    return reply(400, 'invalid_request_error', 'invalid_json', `The request body is not valid JSON: ${error.message}.`);
  return reply(status, 'invalid_request_error', 'invalid_request', error.message);
}

function invalidArgument(error: InvalidArgumentError, context: OpenAIErrorContext): OpenAIErrorReply {
  const special = Object.hasOwn(ARGUMENTS, error.argument) ? ARGUMENTS[error.argument] : undefined;
  if (special) return special(error);
  const param = openAIParam(error.argument, context);
  // Core names the problem in its own spelling (`options.toolChoice.name`); the client sent OpenAI's.
  if (param !== undefined) return reply(400, 'invalid_request_error', 'invalid_value', `Invalid '${param}': ${error.reason}`, { param });
  return reply(400, 'invalid_request_error', 'invalid_value', error.message);
}

/**
 * The request field each of the registry's call options comes from (`options.toolChoice` from
 * `tool_choice`): the call settings' from core's table of OpenAI field names, the first field of
 * each setting (`max_tokens`; a request that used `max_completion_tokens` says so in its `params`).
 */
const OPTION_PARAMS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(OPENAI_SETTING_FIELDS)
      .reverse()
      .map(([field, setting]) => [setting, field]),
  ),
  tools: 'tools',
  toolChoice: 'tool_choice',
  parallelToolCalls: 'parallel_tool_calls',
  responseFormat: 'response_format',
};

/** Names inside a path that OpenAI spells otherwise. */
const SEGMENT_PARAMS: Readonly<Record<string, string>> = { toolCalls: 'tool_calls', toolCallId: 'tool_call_id' };

/**
 * Where OpenAI nests what core keeps flat: a tool's fields sit under `function`
 * (`tools[0].function.name`), and so does a named tool choice (`tool_choice.function.name`).
 */
const UNDER_FUNCTION: Readonly<Record<string, 'after-index' | 'before-name'>> = { tools: 'after-index', tool_choice: 'before-name' };

/**
 * The request field a registry argument stands for, in OpenAI's spelling, read segment by segment
 * from the argument's path (`options.tools[0].name` → `tools[0].function.name`), or undefined for
 * an argument no request field made. `params` names the fields a request chose (`max_completion_tokens`).
 */
function openAIParam(argument: string, { params = {}, messagePaths, flatTools }: OpenAIErrorContext = {}): string | undefined {
  const segments = pathSegments(argument);
  const [head, option] = segments;
  let rest: (string | number)[];
  let param: string;
  if (head === 'messages' && messagePaths) return (typeof option === 'number' ? messagePaths[option] : undefined) ?? 'messages';
  if (head === 'messages') {
    param = 'messages';
    rest = segments.slice(1);
  } else if (head === 'options' && typeof option === 'string' && Object.hasOwn(OPTION_PARAMS, option)) {
    param = params[`options.${option}`] ?? OPTION_PARAMS[option]!;
    rest = segments.slice(2);
  } else return undefined;
  const nesting = flatTools ? undefined : UNDER_FUNCTION[param];
  rest.forEach((segment, index) => {
    if (typeof segment === 'number') {
      param += `[${segment}]`;
      return;
    }
    const nested = (nesting === 'after-index' && index === 1) || (nesting === 'before-name' && index === 0 && segment === 'name');
    if (nested && segment !== 'function') param += '.function';
    param += `.${Object.hasOwn(SEGMENT_PARAMS, segment) ? SEGMENT_PARAMS[segment] : segment}`;
  });
  return param;
}

/** `options.tools[0].name` → `['options', 'tools', 0, 'name']`; a quoted key (`["a.b"]`) stays one segment. */
function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let name = '';
  for (let index = 0; index < path.length; index++) {
    const character = path[index]!;
    if (character !== '.' && character !== '[') {
      name += character;
      continue;
    }
    if (name !== '') segments.push(name);
    name = '';
    if (character === '[') {
      const end = path.indexOf(']', index);
      if (end === -1) break;
      const inside = path.slice(index + 1, end);
      segments.push(inside.startsWith('"') ? (JSON.parse(inside) as string) : Number(inside));
      index = end;
    }
  }
  if (name !== '') segments.push(name);
  return segments;
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
const CLIENT_BUDGET_PREFIX = clientBudgetName('');

/** What a client is told to wait when a budget gives no refill time: a slot frees when a call in flight ends. */
const SLOT_WAIT_MS = 1_000;

/**
 * A budget refused the request, nothing was sent: 429 with `Retry-After` (when it refills; a
 * second for a concurrency slot or a store that may come back; none for a request that can never
 * fit, as OpenAI answers one larger than a tokens-per-minute limit). A client key's budget is
 * named by the key's name, never the key.
 */
function budgetExceeded(error: BudgetExceededError): OpenAIErrorReply {
  const wait = error.reason === 'too-large' ? undefined : (error.retryAfterMs ?? SLOT_WAIT_MS);
  const message =
    error.scope === 'caller' && error.budget.startsWith(CLIENT_BUDGET_PREFIX)
      ? keyBudgetMessage(error, error.budget.slice(CLIENT_BUDGET_PREFIX.length))
      : error.message;
  return reply(429, 'rate_limit_error', 'rate_limit_exceeded', message, { headers: retryAfter([wait]) });
}

const UNITS = { rpm: 'requests a minute', tpm: 'tokens a minute', concurrency: 'calls at once' } as const;

/** A client key's budget refusal, in the client's terms (its key's name, never the key). */
function keyBudgetMessage(error: BudgetExceededError, name: string): string {
  const budget = `${error.max} ${UNITS[error.limit]} (${error.limit})`;
  if (error.reason === 'too-large') return `The API key '${name}' has a budget of ${budget}; this request alone needs about ${error.tokens} tokens.`;
  if (error.reason === 'store-down')
    return `The API key '${name}' has a budget of ${budget} that cannot be checked now (the shared store is unreachable); retry shortly.`;
  const when = error.retryAfterMs === undefined ? 'retry when one of its calls ends' : `retry in ${Math.max(1, Math.ceil(error.retryAfterMs / 1_000))} s`;
  return `The API key '${name}' is over its budget of ${budget}: ${error.used} used; ${when}.`;
}

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
