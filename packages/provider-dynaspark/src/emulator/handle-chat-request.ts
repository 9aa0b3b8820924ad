import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerRequest } from './answer-request.js';
import { buildChatReply } from './build-chat-reply.js';
import { createRecordedRequest } from './create-recorded-request.js';
import { jsonError, type EmulatorReply } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { errorMessage } from './error-message.js';
import { parseMultipartForm } from './parse-multipart-form.js';
import { parseUrlencodedForm } from './parse-urlencoded-form.js';
import type { ParsedForm } from './parsed-form.js';
import { readBody } from './read-body.js';

const URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

export interface HandleChatRequestOptions {
  state: EmulatorState;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
}

/** `POST /generate_response` (or a configured path): the form endpoint g4f used. */
export async function handleChatRequest(options: HandleChatRequestOptions): Promise<void> {
  const { state, req, res, path } = options;
  if (req.method !== 'POST') {
    if (state.recordRequests) state.log.add(createRecordedRequest({ req, path, fields: {} }));
    const reply = jsonError(405, `Method ${req.method ?? ''} not allowed on ${path}; use POST`, { allow: 'POST' });
    return answerRequest({ state, res, reply });
  }
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = mediaTypeOf(contentType);
  const isForm = mediaType === URLENCODED || mediaType === MULTIPART;
  // The body of an unsupported type is read only to record it; Node discards it otherwise.
  const body = isForm || state.recordRequests ? await readBody(req) : undefined;

  let form: ParsedForm = { fields: {} };
  let reply: EmulatorReply | undefined;
  if (!isForm || body === undefined) {
    reply = jsonError(415, `Unsupported content type '${contentType}'; send ${URLENCODED} or ${MULTIPART}`);
  } else if (mediaType === URLENCODED) {
    form = parseUrlencodedForm(body);
  } else {
    try {
      form = await parseMultipartForm({ body, headers: req.headers });
    } catch (error) {
      reply = jsonError(400, `Malformed multipart body: ${errorMessage(error)}`);
    }
  }
  if (state.recordRequests) {
    state.log.add(createRecordedRequest({ req, path, fields: form.fields, file: form.file, rawBody: body }));
  }
  if (state.mode === 'down') reply = jsonError(503, 'Service Unavailable');
  reply ??= buildChatReply(form);
  return answerRequest({ state, res, reply, chat: { userInput: form.fields.user_input, model: form.fields.ai_model } });
}

/** `Multipart/Form-Data; boundary=x` -> `multipart/form-data`, without allocating an array. */
function mediaTypeOf(contentType: string): string {
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
}
