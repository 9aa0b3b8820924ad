import { CALL_SETTINGS, type CallSetting } from '@switchboard/core/provider';
import type { ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';

/** How one model takes the standard call settings: which it honours, and where `maxOutputTokens` goes. */
export interface ModelCallSettings {
  honoured: readonly CallSetting[];
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

/**
 * Every model's, from `defaultCallSettings` with the model's own entry in `callSettings` over it:
 * its `maxTokensField` replaces the endpoint's, its `unsupported` settings are added to the endpoint's.
 */
export function resolveCallSettings(
  settings: Pick<ResolvedOpenAICompatibleSettings, 'models' | 'defaultCallSettings' | 'callSettings'>,
): Readonly<Record<string, ModelCallSettings>> {
  const byModel: Record<string, ModelCallSettings> = {};
  for (const model of settings.models) {
    const own = settings.callSettings[model];
    const unsupported = [...settings.defaultCallSettings.unsupported, ...(own?.unsupported ?? [])];
    byModel[model] = {
      honoured: CALL_SETTINGS.filter((setting) => !unsupported.includes(setting)),
      maxTokensField: own?.maxTokensField ?? settings.defaultCallSettings.maxTokensField,
    };
  }
  return byModel;
}
