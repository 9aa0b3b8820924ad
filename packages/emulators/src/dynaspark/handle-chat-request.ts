import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorReply } from '../shared/emulator-reply.js';
import { errorMessage } from '../shared/error-message.js';
import { readBody } from '../shared/read-body.js';
import { answerRequest } from './answer-request.js';
import { buildChatReply } from './build-chat-reply.js';
import { decodeMultipartForm } from './decode-multipart-form.js';
import type { DynasparkContext } from './dynaspark-context.js';
import { jsonError } from './json-error.js';
import { parseHeaderValue } from './parse-header-value.js';
import { parseMultipartBody } from './parse-multipart-body.js';
import { parseUrlencodedForm } from './parse-urlencoded-form.js';
import type { ParsedForm } from './parsed-form.js';
import { recordDynasparkRequest } from './record-dynaspark-request.js';

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
