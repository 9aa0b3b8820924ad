import { messageText } from '../provider/message-text.js';
import type { Message } from '../provider/message.js';
import type { Usage } from '../provider/stream-part.js';

/** Characters per token, the usual rule of thumb for English text with the common tokenizers. */
const CHARACTERS_PER_TOKEN = 4;
/** What one image costs, roughly (a 1024×1024 picture at high detail costs about 765 with OpenAI). */
export const TOKENS_PER_IMAGE = 1_000;
/** Per message: role and separators. */
const TOKENS_PER_MESSAGE = 4;

/** Tokens a text takes, estimated from its length. */
export function tokensOfText(characters: number): number {
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

/**
 * The prompt's tokens, estimated before the call (no tokenizer: a budget needs a fair guess at
 * once, and the real count replaces it when the answer reports its usage).
 */
export function estimatePromptTokens(messages: readonly Message[], images: number): number {
  let characters = 0;
  for (const message of messages) {
    characters += messageText(message).length;
    for (const call of message.toolCalls ?? []) characters += call.name.length + call.arguments.length;
  }
  return tokensOfText(characters) + messages.length * TOKENS_PER_MESSAGE + images * TOKENS_PER_IMAGE;
}

/**
 * Tokens a finished request used: the provider's own count when it reported one, else the
 * estimate of the prompt plus the answer's length.
 */
export function spentTokens({ usage, promptTokens, answerCharacters }: { usage: Usage | undefined; promptTokens: number; answerCharacters: number }): number {
  if (usage?.totalTokens !== undefined) return usage.totalTokens;
  return (usage?.promptTokens ?? promptTokens) + (usage?.completionTokens ?? tokensOfText(answerCharacters));
}
