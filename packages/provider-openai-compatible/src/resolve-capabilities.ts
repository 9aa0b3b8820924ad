import type { ModelCapabilities } from '@switchboard/core/provider';
import type { ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';

/**
 * What each model declares: the endpoint's defaults with the model's own exceptions over them.
 * A model without tools makes no parallel tool calls either, whatever the defaults say, so the
 * registry never routes a parallel call to it.
 */
export function resolveCapabilities(
  settings: Pick<ResolvedOpenAICompatibleSettings, 'models' | 'defaultCapabilities' | 'capabilities'>,
): Readonly<Record<string, ModelCapabilities>> {
  const declared: Record<string, ModelCapabilities> = {};
  for (const model of settings.models) {
    const merged = { ...settings.defaultCapabilities, ...settings.capabilities[model] };
    declared[model] = { ...merged, parallelToolCalls: merged.tools && merged.parallelToolCalls };
  }
  return declared;
}
