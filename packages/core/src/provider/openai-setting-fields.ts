import type { CallSetting } from './call-settings.js';

/**
 * The standard call settings under the chat-completion field names of OpenAI's API, which most
 * chat APIs share: for providers that speak such an API and gateways that read one. Two fields
 * carry `maxOutputTokens` (`max_completion_tokens` is what OpenAI's newer models want); `top_k` is
 * not OpenAI's own but what llama.cpp, vLLM and LM Studio take.
 */
export const OPENAI_SETTING_FIELDS = Object.freeze({
  temperature: 'temperature',
  max_tokens: 'maxOutputTokens',
  max_completion_tokens: 'maxOutputTokens',
  top_p: 'topP',
  top_k: 'topK',
  stop: 'stopSequences',
  seed: 'seed',
  presence_penalty: 'presencePenalty',
  frequency_penalty: 'frequencyPenalty',
} as const satisfies Readonly<Record<string, CallSetting>>);

/** A chat-completion field that carries a standard call setting. */
export type OpenAISettingField = keyof typeof OPENAI_SETTING_FIELDS;
