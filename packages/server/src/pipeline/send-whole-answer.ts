import { switchboardHeaders } from '../chat/switchboard-headers.js';
import type { RecordedOutcome } from '../ui/dashboard-recorder.js';
import type { ApiRequest } from './api-face.js';
import type { ApiCall } from './api-call.js';
import { answerWarnings } from './answer-warnings.js';

/** Answers a request whole: the registry's `generate`, the `x-switchboard-*` headers, then the face's body. */
export async function sendWholeAnswer<R extends ApiRequest>({ face, request, model, options, reply, runtime }: ApiCall<R>): Promise<RecordedOutcome> {
  const createdAt = Date.now();
  const result = await model.generate(request.messages, options);
  const warnings = answerWarnings(result.warnings, request);
  reply.headers(switchboardHeaders({ provider: result.provider, model: result.model, attempts: result.attempts, warnings }));
  if (runtime.calls.closing) reply.header('connection', 'close');
  reply.send(face.answer({ result, warnings }, { request, createdAt }));
  return { status: 200, provider: result.provider, model: result.model, attempts: result.attempts, usage: result.usage, text: result.text };
}
