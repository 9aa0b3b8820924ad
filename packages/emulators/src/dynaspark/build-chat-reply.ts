import { jsonReply, type EmulatorReply } from '../shared/emulator-reply.js';
import { sniffImageType } from '@switchboard/core/provider';
import { buildEchoAnswer } from './build-echo-answer.js';
import { jsonError } from './json-error.js';
import type { ParsedForm } from './parsed-form.js';
import { SUPPORTED_MODELS } from './supported-models.js';

/** The chat endpoint's answer to a decoded form, validated the way the Flask service does. */
export function buildChatReply(form: ParsedForm): EmulatorReply {
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
