import { CALL_SETTINGS, type CallSetting } from '@switchboard/core/provider';
import { defaultMaxTokensField } from './default-max-tokens-field.js';
import type { ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';

/** How one model takes the standard call settings: which it honours, and where `maxOutputTokens` goes. */
export interface ModelCallSettings {
  honoured: readonly CallSetting[];
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
}

type CallSettingsSource = Pick<ResolvedOpenAICompatibleSettings, 'defaultCallSettings' | 'callSettings'>;

/**
 * Every model's, from `defaultCallSettings` with the model's own entry in `callSettings` over it:
 * its `maxTokensField` replaces the endpoint's, its `unsupported` settings are added to the endpoint's.
 */
export function resolveCallSettings(
  settings: CallSettingsSource & Pick<ResolvedOpenAICompatibleSettings, 'models'>,
): Readonly<Record<string, ModelCallSettings>> {
  return Object.fromEntries(settings.models.map((model) => [model, modelCallSettings(settings, model)]));
}

/**
 * One model's. `maxOutputTokens` goes where the model's own entry says, else where
 * `defaultCallSettings` says, else where the model's name says ({@link defaultMaxTokensField}).
 */
export function modelCallSettings(settings: CallSettingsSource, model: string): ModelCallSettings {
  const own = settings.callSettings[model];
  const unsupported = [...settings.defaultCallSettings.unsupported, ...(own?.unsupported ?? [])];
  return {
    honoured: CALL_SETTINGS.filter((setting) => !unsupported.includes(setting)),
    maxTokensField: own?.maxTokensField ?? settings.defaultCallSettings.maxTokensField ?? defaultMaxTokensField(model),
  };
}
