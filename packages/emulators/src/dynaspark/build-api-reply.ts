import { jsonReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';
import { buildEchoAnswer } from './build-echo-answer.js';
import { countWords } from './count-words.js';
import { jsonError } from './json-error.js';

export const DEFAULT_API_MODEL = 'gemini-1.5-flash';

export interface BuildApiReplyOptions {
  /** The query parameters (first value of each). */
  params: Record<string, string>;
  /** Headers every answer of the API carries. */
  headers: ReplyHeaders;
}

/**
 * The public API's answer. Token counts are word counts: what matters to clients is that usage is
 * present, consistent (total = prompt + completion) and predictable in tests.
 */
export function buildApiReply(options: BuildApiReplyOptions): EmulatorReply {
  const { params, headers } = options;
  const userInput = params.user_input;
  if (userInput === undefined || userInput === '') {
    return jsonError(400, 'Missing required parameter: user_input', headers);
  }
  const model = params.model || DEFAULT_API_MODEL;
  const answer = buildEchoAnswer({ model, userInput });
  const promptTokens = countWords(userInput) + countWords(params.system ?? '');
  const completionTokens = countWords(answer);
  const body = {
    response: answer,
    model,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
  return { ...jsonReply(200, body, headers), answer };
}
