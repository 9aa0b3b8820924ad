import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import type { Emulator } from '../shared/emulator.js';
import { validateEmulatorOptions, type EmulatorOptions } from '../shared/emulator-options.js';
import { EmulatorState } from '../shared/emulator-state.js';
import { checkBoolean, checkNumber } from '../shared/option-checks.js';
import { startEmulatorServer, type EmulatorRequest } from '../shared/start-emulator-server.js';
import type { OpenAICompatibleContext } from './openai-compatible-context.js';
import { OPENAI_COMPATIBLE_FAULT_KINDS, type OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';
import { OPENAI_COMPATIBLE_ENDPOINTS, type OpenAICompatibleEndpoint, type OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
import type { OpenAICompatibleRecordedRequest } from './openai-compatible-recorded-request.js';
import { openAIErrorReply } from './openai-error.js';
import { routeOpenAICompatibleRequest } from './route-openai-compatible-request.js';

/** How to start the OpenAI-compatible emulator. Every option is optional. */
export interface OpenAICompatibleEmulatorOptions extends EmulatorOptions<OpenAICompatibleFaultRule> {
  /**
   * The models `GET /v1/models` lists and chat requests may name (others get a 400 `model_not_found`).
   * @default ['echo-small', 'echo-large']
   */
  models?: readonly string[];
  /** When set, every request needs `Authorization: Bearer <apiKey>`, else 401. @default none */
  apiKey?: string;
  /** Delay between stream events, in ms. @default 0 */
  chunkDelayMs?: number;
  /**
   * Write every stream event in two pieces, cut in the middle (mid-line, possibly mid-character),
   * to exercise a client's incremental parser over a real socket. Pieces are `chunkDelayMs` apart.
   * @default false
   */
  splitEvents?: boolean;
  /** Line ending of stream events. @default '\n' */
  lineEnding?: '\n' | '\r\n';
}

/** A running OpenAI-compatible emulator; `url` is its origin plus `/v1`, what the provider's `baseUrl` takes. */
export type OpenAICompatibleEmulator = Emulator<OpenAICompatibleFaultRule, OpenAICompatibleRecordedRequest>;

const DEFAULT_MODELS = ['echo-small', 'echo-large'];
const OWN_OPTION_KEYS = ['models', 'apiKey', 'chunkDelayMs', 'splitEvents', 'lineEnding'];

/**
 * Starts a local OpenAI-compatible server over plain `node:http`: `GET /v1/models` and
 * `POST /v1/chat/completions` (streamed or not), with deterministic echo answers, tool calls and
 * JSON objects generated from the request's schemas, usage, the 400s and 401s of the real thing,
 * and injectable faults. For tests, demos and benchmarks.
 *
 * @example
 * const emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'rate-limit', times: 1 }] });
 * // createRegistry({ providerOptions: { 'openai-compatible': { baseUrl: emulator.url, models: ['echo-small'] } } })
 * await emulator.close();
 */
export async function startOpenAICompatibleEmulator(options: OpenAICompatibleEmulatorOptions = {}): Promise<OpenAICompatibleEmulator> {
  const settings = validateEmulatorOptions(options, OWN_OPTION_KEYS);
  const state = new EmulatorState<OpenAICompatibleFaultKind, OpenAICompatibleEndpoint, OpenAICompatibleRecordedRequest>({
    settings,
    schema: { kinds: OPENAI_COMPATIBLE_FAULT_KINDS, endpoints: OPENAI_COMPATIBLE_ENDPOINTS },
    // Discovery and health checks keep working unless a rule names `endpoint: 'models'`.
    promptEndpoints: ['chat'],
    // A server that cannot stream still answers whole: the fault must not use up rules on those.
    applies: (fault, query) => fault !== 'stream-unsupported' || query.stream === true,
  });
  const context: OpenAICompatibleContext = { state, sequence: 0, ...validateOwnOptions(options) };
  const route = (request: EmulatorRequest) => routeOpenAICompatibleRequest(context, request);
  return startEmulatorServer({ state, settings, route, errorReply: openAIErrorReply, urlPath: '/v1' });
}

function validateOwnOptions(options: OpenAICompatibleEmulatorOptions): Omit<OpenAICompatibleContext, 'state' | 'sequence'> {
  const models: unknown = options.models ?? DEFAULT_MODELS;
  if (!Array.isArray(models) || models.length === 0 || models.some((model) => typeof model !== 'string' || model === '')) {
    throw new InvalidArgumentError({ argument: 'models', reason: `must be a non-empty array of model names, got ${describeValue(models)}` });
  }
  const { apiKey, splitEvents = false, lineEnding = '\n' } = options;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) {
    throw new InvalidArgumentError({ argument: 'apiKey', reason: 'must be a non-empty string' });
  }
  checkBoolean({ value: splitEvents, argument: 'splitEvents' });
  if (lineEnding !== '\n' && lineEnding !== '\r\n') {
    throw new InvalidArgumentError({ argument: 'lineEnding', reason: `must be '\\n' or '\\r\\n', got ${describeValue(lineEnding)}` });
  }
  const chunkDelayMs = checkNumber({ value: options.chunkDelayMs ?? 0, kind: 'duration', argument: 'chunkDelayMs' });
  return { models: [...(models as string[])], apiKey, chunkDelayMs, splitEvents, lineEnding };
}
