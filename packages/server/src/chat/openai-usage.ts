import type { Usage } from '@switchboard/core';

/** Token counts in OpenAI's spelling. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** The provider's token counts, or `undefined` when it reported none (never invented zeros). */
export function openAIUsage(usage: Usage | undefined): OpenAIUsage | undefined {
  if (!usage || (usage.promptTokens === undefined && usage.completionTokens === undefined && usage.totalTokens === undefined)) return undefined;
  const prompt = usage.promptTokens ?? 0;
  const completion = usage.completionTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: usage.totalTokens ?? prompt + completion };
}
