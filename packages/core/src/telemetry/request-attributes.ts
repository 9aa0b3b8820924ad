import type { Attributes } from '@opentelemetry/api';
import type { CallSettings } from '../provider/call-settings.js';
import { ATTR } from './genai-conventions.js';

/** What a call asked for beyond its prompt: its settings and the shape of its answer. */
export interface RequestFacts {
  settings: Readonly<CallSettings> | undefined;
  /** `gen_ai.output.type`: `json` for a JSON response format, `text` for an explicit text one. */
  outputType: 'text' | 'json' | undefined;
}

/** The `gen_ai.request.*` attributes of a call's settings (only those it set). */
export function requestAttributes({ settings, outputType }: RequestFacts, into: Attributes): Attributes {
  if (outputType !== undefined) into[ATTR.outputType] = outputType;
  if (settings === undefined) return into;
  if (settings.temperature !== undefined) into[ATTR.requestTemperature] = settings.temperature;
  if (settings.maxOutputTokens !== undefined) into[ATTR.requestMaxTokens] = settings.maxOutputTokens;
  if (settings.topP !== undefined) into[ATTR.requestTopP] = settings.topP;
  if (settings.topK !== undefined) into[ATTR.requestTopK] = settings.topK;
  if (settings.stopSequences !== undefined) into[ATTR.requestStopSequences] = [...settings.stopSequences];
  if (settings.seed !== undefined) into[ATTR.requestSeed] = settings.seed;
  if (settings.presencePenalty !== undefined) into[ATTR.requestPresencePenalty] = settings.presencePenalty;
  if (settings.frequencyPenalty !== undefined) into[ATTR.requestFrequencyPenalty] = settings.frequencyPenalty;
  return into;
}
