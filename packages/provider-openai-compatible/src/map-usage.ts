import type { Usage } from '@switchboard/core/provider';

/**
 * OpenAI's `usage` object as Switchboard usage, keeping only counts that are non-negative
 * integers: local servers sometimes send partial or odd usage, and a wrong count is worse than none.
 * Returns undefined when nothing usable is left.
 */
export function mapUsage(usage: unknown): Usage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total } = usage as Record<string, unknown>;
  const result: Usage = {};
  if (isCount(prompt)) result.promptTokens = prompt;
  if (isCount(completion)) result.completionTokens = completion;
  if (isCount(total)) result.totalTokens = total;
  else if (isCount(prompt) && isCount(completion)) result.totalTokens = prompt + completion;
  return Object.keys(result).length > 0 ? result : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
