/**
 * OpenAI's reasoning models by name: `o1`, `o3`, `o4` and `gpt-5`, alone or followed by a
 * variant (`o3-mini`, `o1-2024-12-17`, `gpt-5.1`, `gpt-5-nano`), not by another letter or digit
 * (`o10b`, `gpt-50`).
 */
const OPENAI_REASONING_MODEL = /^(?:o[134]|gpt-5)(?![0-9a-z])/i;

/**
 * Where `maxOutputTokens` goes for a model no setting speaks about: `max_completion_tokens` for
 * OpenAI's reasoning models, which refuse `max_tokens` with a 400 on api.openai.com and on Azure
 * OpenAI alike (and every proxy in front of them that passes the body through), `max_tokens` for
 * everything else. By name, whatever the endpoint: a model called `o3-mini` is OpenAI's wherever
 * it is served, and a host that names its own model so can still set `maxTokensField`.
 */
export function defaultMaxTokensField(model: string): 'max_tokens' | 'max_completion_tokens' {
  return OPENAI_REASONING_MODEL.test(model) ? 'max_completion_tokens' : 'max_tokens';
}
