import type { EmulatorState } from '../shared/emulator-state.js';
import type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';
import type { OpenAICompatibleEndpoint } from './openai-compatible-fault-rule.js';
import type { OpenAICompatibleRecordedRequest } from './openai-compatible-recorded-request.js';

export type OpenAICompatibleState = EmulatorState<OpenAICompatibleFaultKind, OpenAICompatibleEndpoint, OpenAICompatibleRecordedRequest>;

/** What the OpenAI-compatible handlers share: the common state, and this server's own settings. */
export interface OpenAICompatibleContext {
  state: OpenAICompatibleState;
  models: readonly string[];
  apiKey: string | undefined;
  chunkDelayMs: number;
  splitEvents: boolean;
  lineEnding: '\n' | '\r\n';
  /** Completions answered so far, for their ids. */
  sequence: number;
}
