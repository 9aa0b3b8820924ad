import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { InvalidArgumentError } from '@switchboard/core';
import { createFaultPicker } from '@switchboard/core/testing';
import { answerChatCompletion } from './answer-chat-completion.js';
import { createEmulatorTimers } from './emulator-timers.js';
import type { EmulatorFaultRule } from './emulator-fault-rule.js';
import type { OpenAICompatibleEmulatorOptions } from './openai-compatible-emulator-options.js';
import type { RecordedRequest, RequestOutcome } from './recorded-request.js';
import { errorBody, sendJson } from './send-json.js';
import { validateFaultRules } from './validate-fault-rules.js';

/** A running emulator. */
export interface OpenAICompatibleEmulator {
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  /** `http://host:port/v1`: what a provider's `baseUrl` should be. */
  readonly baseUrl: string;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Replaces the fault rules (counts start again). */
  setFaults(rules: readonly EmulatorFaultRule[]): void;
  /** Stops listening and destroys every open connection (hanging ones included), so no handle stays open. */
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['echo-small', 'echo-large'];
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Starts a local OpenAI-compatible server over plain `node:http`: `GET /v1/models` and
 * `POST /v1/chat/completions` (streamed or not), with deterministic echo answers, usage, the 400s
 * and 401s of the real thing, and injectable faults. For tests, demos and benchmarks.
 *
 * @example
 * const emulator = await startOpenAICompatibleEmulator({ faults: [{ fault: 'rate-limit', times: 1 }] });
 * // … createRegistry({ providerOptions: { 'openai-compatible': { baseUrl: emulator.baseUrl, models: ['echo-small'] } } })
 * await emulator.close();
 */
export async function startOpenAICompatibleEmulator(options: OpenAICompatibleEmulatorOptions = {}): Promise<OpenAICompatibleEmulator> {
  const models = [...(options.models ?? DEFAULT_MODELS)];
  if (models.length === 0 || models.some((model) => typeof model !== 'string' || model === '')) {
    throw new InvalidArgumentError({ argument: 'models', message: 'expected a non-empty array of model names.' });
  }
  const seed = options.seed ?? 1;
  // A rule fires on the chat endpoint unless it says `on: 'models'`.
  const pickerFor = (rules: readonly EmulatorFaultRule[]) =>
    createFaultPicker<EmulatorFaultRule, 'chat' | 'models'>({ rules, seed, matches: (rule, endpoint) => (rule.on ?? 'chat') === endpoint });
  let faults = pickerFor(validateFaultRules(options.faults ?? []));
  const timers = createEmulatorTimers();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let sequence = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, errorBody(`emulator bug: ${error instanceof Error ? error.message : String(error)}`, 'server_error'));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    const rawBody = await readBody(request);
    if (rawBody === undefined) {
      sendJson(response, 413, errorBody('The body is too large.', 'invalid_request_error'));
      return;
    }
    const endpoint = path === '/v1/chat/completions' && request.method === 'POST' ? 'chat' : path === '/v1/models' && request.method === 'GET' ? 'models' : undefined;
    const authorized = options.apiKey === undefined || request.headers.authorization === `Bearer ${options.apiKey}`;
    // Refused requests do not use up a fault rule.
    const fault = endpoint && authorized ? faults.pick(endpoint) : undefined;
    const record = recordRequest(request, response, path, rawBody, fault);
    requests.push(record);

    await timers.wait(options.latencyMs ?? 0);
    if (!authorized) {
      sendJson(response, 401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    if (!endpoint) {
      sendJson(response, 404, errorBody(`Unknown endpoint ${request.method} ${path}.`, 'invalid_request_error', 'unknown_url'));
      return;
    }
    if (fault && applyStatusFault(fault, request, response)) return;
    if (endpoint === 'models') {
      sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchboard-emulator' })) });
      return;
    }
    await answerChatCompletion(response, record.body, fault, {
      models,
      timers,
      chunkDelayMs: options.chunkDelayMs ?? 0,
      splitEvents: options.splitEvents ?? false,
      lineEnding: options.lineEnding ?? '\n',
      sequence: ++sequence,
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    port,
    url,
    baseUrl: `${url}/v1`,
    requests,
    setFaults(rules) {
      faults = pickerFor(validateFaultRules(rules));
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      timers.clear();
      await closed;
    },
  };
}

/** Faults decided before any answer is built. Returns true when the request was dealt with. */
function applyStatusFault(rule: EmulatorFaultRule, request: IncomingMessage, response: ServerResponse): boolean {
  switch (rule.fault) {
    case 'status-500':
      sendJson(response, 500, errorBody('The server had an error while processing your request (emulated).', 'server_error'));
      return true;
    case 'status-503':
      sendJson(response, 503, errorBody('The engine is currently overloaded (emulated).', 'server_error'));
      return true;
    case 'rate-limit':
      sendJson(response, 429, errorBody('Rate limit reached (emulated).', 'rate_limit_exceeded', 'rate_limit_exceeded'), {
        'retry-after': String(rule.retryAfterSeconds ?? 1),
      });
      return true;
    case 'reset':
      request.socket.destroy();
      return true;
    case 'hang':
      // Never answer; the client's abort or close() ends it.
      return true;
    default:
      return false;
  }
}

function recordRequest(request: IncomingMessage, response: ServerResponse, path: string, rawBody: string, fault: EmulatorFaultRule | undefined): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown;
  try {
    body = rawBody === '' ? undefined : JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  const outcome = new Promise<RequestOutcome>((resolve) => {
    response.once('finish', () => resolve('completed'));
    response.once('close', () => resolve(response.writableFinished ? 'completed' : 'closed-early'));
  });
  return { method: request.method ?? 'GET', path, headers, rawBody, body, fault: fault?.fault, outcome };
}

/** The request body as text, or undefined when it is over the size limit. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
