import type { IncomingMessage, ServerResponse } from 'node:http';
import { sniffImageType } from '@switchboard/core/shared';
import { jsonReply, type EmulatorReply } from '../shared/emulator-reply.js';
import { errorMessage } from '../shared/error-message.js';
import { readBody } from '../shared/read-body.js';
import { answerRequest } from './answer-request.js';
import { buildEchoAnswer } from './build-echo-answer.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { recordDynasparkRequest } from './dynaspark-recorded-request.js';
import { jsonError } from './json-error.js';
import { parseHeaderValue } from './parse-header-value.js';
import { parseMultipartBody } from './parse-multipart-body.js';
import { decodeMultipartForm, parseUrlencodedForm, type ParsedForm } from './parsed-form.js';

/** The models the chat endpoint accepts; all four also take an image. */
export const SUPPORTED_MODELS: readonly string[] = ['gemini-1.5-flash', 'gemini-1.5-flash-8b', 'gemini-2.0-flash', 'gemini-2.0-flash-lite'];

const URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';
const NO_BODY = Buffer.alloc(0);

export interface HandleChatRequestOptions {
  context: DynasparkContext;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
}

/** `POST /generate_response` (or another chat path): the form endpoint g4f used. */
export async function handleChatRequest(options: HandleChatRequestOptions): Promise<void> {
  const { context, req, res, path } = options;
  const { state } = context;
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = parseHeaderValue(contentType).value;
  const isForm = req.method === 'POST' && (mediaType === URLENCODED || mediaType === MULTIPART);
  // Other bodies are read only to record them; Node discards them otherwise.
  const body = isForm || state.recordRequests ? await readBody(req) : NO_BODY;

  let form: ParsedForm = { fields: {} };
  let reply: EmulatorReply | undefined;
  if (req.method !== 'POST') {
    reply = jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use POST`, { allow: 'POST' });
  } else if (body === undefined) {
    reply = jsonError(413, 'Request body too large');
  } else if (!isForm) {
    reply = jsonError(415, `Unsupported content type '${contentType}'; send ${URLENCODED} or ${MULTIPART}`);
  } else if (mediaType === URLENCODED) {
    form = parseUrlencodedForm(body);
  } else {
    try {
      form = decodeMultipartForm(parseMultipartBody({ body, contentType }));
    } catch (error) {
      reply = jsonError(400, `Malformed multipart body: ${errorMessage(error)}`);
    }
  }
  const record = recordDynasparkRequest({ state, req, res, path, rawBody: body ?? NO_BODY, form });
  if (state.mode === 'down') reply = jsonError(503, 'Service Unavailable');
  reply ??= buildChatReply(form);
  // Only a POST is a chat request that faults apply to; another method just gets its 405.
  const prompt = req.method === 'POST' ? { endpoint: 'chat' as const, userInput: form.fields.user_input, model: form.fields.ai_model } : undefined;
  return answerRequest({ context, res, reply, record, prompt });
}

/** The chat endpoint's answer to a decoded form, validated the way the Flask service does. */
function buildChatReply(form: ParsedForm): EmulatorReply {
  const userInput = form.fields.user_input;
  if (userInput === undefined || userInput === '') return jsonError(400, 'Missing user_input');
  const model = form.fields.ai_model;
  if (model === undefined || model === '') {
    return jsonError(400, `Missing ai_model; supported models: ${SUPPORTED_MODELS.join(', ')}`);
  }
  if (!SUPPORTED_MODELS.includes(model)) {
    return jsonError(400, `Unsupported model '${model}'; supported models: ${SUPPORTED_MODELS.join(', ')}`);
  }
  const { file } = form;
  if (file && sniffImageType(file.bytes) === undefined) {
    return jsonError(400, `Unsupported file '${file.fileName ?? ''}': expected a JPEG, PNG, GIF or WEBP image`);
  }
  const answer = buildEchoAnswer({
    model,
    userInput,
    image: file ? { contentType: file.contentType ?? 'application/octet-stream', size: file.bytes.length } : undefined,
  });
  return { ...jsonReply(200, { response: answer }), answer };
}
