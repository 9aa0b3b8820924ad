import type { MessagesRequest } from './read-messages-request.js';

/** Characters per token of English text and code, the usual rule of thumb for BPE tokenizers. */
const CHARACTERS_PER_TOKEN = 4;
/** What one image costs (Anthropic's own figure for an image of about 1,100 × 1,100 pixels). */
const TOKENS_PER_IMAGE = 1_600;
/** Each message's framing (role, separators). */
const TOKENS_PER_MESSAGE = 4;

/**
 * An estimate of a Messages request's input tokens, for `POST /v1/messages/count_tokens`: the
 * providers behind the gateway each tokenize differently and none counts without answering, so
 * the gateway estimates from characters (one token per four), a fixed cost per image and per
 * message, and the tool definitions as JSON. One linear pass over the request.
 */
export function estimateInputTokens(request: MessagesRequest): number {
  let characters = 0;
  let tokens = 0;
  for (const message of request.messages) {
    tokens += TOKENS_PER_MESSAGE;
    if (typeof message.content === 'string') characters += message.content.length;
    else {
      for (const part of message.content) {
        if (part.type === 'text') characters += part.text.length;
        else tokens += TOKENS_PER_IMAGE;
      }
    }
    for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length;
  }
  for (const tool of request.tools?.tools ?? []) characters += JSON.stringify(tool).length;
  return tokens + Math.ceil(characters / CHARACTERS_PER_TOKEN);
}
