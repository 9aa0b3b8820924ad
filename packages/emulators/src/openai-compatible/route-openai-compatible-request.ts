import { applyCommonFault } from '../shared/apply-common-fault.js';
import { sendReply } from '../shared/emulator-reply.js';
import { readBody } from '../shared/read-body.js';
import type { EmulatorRequest } from '../shared/start-emulator-server.js';
import { answerChatCompletion } from './answer-chat-completion.js';
import { answerModels } from './answer-models.js';
import { lastUserMessage, messageText } from './message-text.js';
import type { OpenAICompatibleContext } from './openai-compatible-context.js';
import type { OpenAICompatibleEndpoint } from './openai-compatible-fault-rule.js';
import { recordOpenAICompatibleRequest } from './openai-compatible-recorded-request.js';
import { openAIError, openAIErrorReply } from './openai-error.js';

const NO_BODY = Buffer.alloc(0);

/** `GET /v1/models` and `POST /v1/chat/completions`; anything else is a 404 in OpenAI's words. */
export async function routeOpenAICompatibleRequest(context: OpenAICompatibleContext, request: EmulatorRequest): Promise<void> {
  const { req, res, path } = request;
  const { state } = context;
  const rawBody = await readBody(req);
  const body = parseJson(rawBody ?? NO_BODY);
  const endpoint = endpointOf(req.method, path);
  const authorized = context.apiKey === undefined || req.headers.authorization === `Bearer ${context.apiKey}`;
  const { model, messages, stream } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  // Refused requests do not use up a fault rule.
  const choice =
    endpoint && authorized && rawBody !== undefined
      ? state.chooseFault({
          endpoint,
          model: typeof model === 'string' ? model : undefined,
          prompt: messageText(lastUserMessage(messages)?.content),
          stream: stream === true,
        })
      : undefined;
  const rule = choice && 'rule' in choice ? choice.rule : undefined;
  recordOpenAICompatibleRequest({ state, req, res, path, rawBody: rawBody ?? NO_BODY, body, fault: rule?.fault });

  await state.delayAnswer();
  state.countAnswer(rule);
  const refuse = (status: number, message: string, code: string | null = null, type = 'invalid_request_error'): void =>
    sendReply(res, openAIError({ status, message, type, code }));
  if (rawBody === undefined) return refuse(413, 'The body is too large.');
  if (state.mode === 'down') return refuse(503, 'The server is down (emulated).', null, 'server_error');
  if (!authorized) return refuse(401, 'Incorrect API key provided.', 'invalid_api_key');
  if (!endpoint) return refuse(404, `Unknown endpoint ${req.method ?? ''} ${path}.`, 'unknown_url');
  if (choice && 'problem' in choice) return refuse(400, choice.problem);
  if (rule && applyCommonFault({ rule, res, timers: state.timers, errorReply: openAIErrorReply })) return;
  if (rule?.fault === 'stream-unsupported') {
    return sendReply(
      res,
      openAIError({
        status: 500,
        message: 'Streaming is not supported by this server (emulated).',
        type: 'server_error',
        headers: { 'x-emulator-fault': rule.fault },
      }),
    );
  }
  if (endpoint === 'models') return answerModels({ res, models: context.models, rule, timers: state.timers });
  context.sequence += 1;
  const { models, chunkDelayMs, splitEvents, lineEnding, sequence } = context;
  return answerChatCompletion({ res, body, rule, context: { models, timers: state.timers, chunkDelayMs, splitEvents, lineEnding, sequence } });
}

function endpointOf(method: string | undefined, path: string): OpenAICompatibleEndpoint | undefined {
  if (path === '/v1/chat/completions' && method === 'POST') return 'chat';
  if (path === '/v1/models' && method === 'GET') return 'models';
  return undefined;
}

function parseJson(rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  try {
    return JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
