import type { EmulatorOptions } from '../shared/emulator-options.js';
import type { OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';

/** How to start the OpenAI-compatible emulator. Every option is optional. */
export interface OpenAICompatibleEmulatorOptions extends EmulatorOptions<OpenAICompatibleFaultRule> {
  /**
   * The models `GET /v1/models` lists and chat requests may name (others get a 400 `model_not_found`).
   * @default ['echo-small', 'echo-large']
   */
  models?: readonly string[];
  /** When set, every request needs `Authorization: Bearer <apiKey>`, else 401. @default none */
  apiKey?: string;
  /** Delay between stream events, in ms. @default 0 */
  chunkDelayMs?: number;
  /**
   * Write every stream event in two pieces, cut in the middle (mid-line, possibly mid-character),
   * to exercise a client's incremental parser over a real socket. Pieces are `chunkDelayMs` apart.
   * @default false
   */
  splitEvents?: boolean;
  /** Line ending of stream events. @default '\n' */
  lineEnding?: '\n' | '\r\n';
}
