import type { CallSettings } from '../provider/call-settings.js';

/** A call that sets every standard setting, each to a valid value no default has. */
export const EVERY_CALL_SETTING: Readonly<CallSettings> = Object.freeze({
  temperature: 0.2,
  maxOutputTokens: 64,
  topP: 0.9,
  topK: 40,
  stopSequences: ['END'],
  seed: 7,
  presencePenalty: 0.5,
  frequencyPenalty: -0.5,
});
