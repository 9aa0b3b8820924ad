import type { EmulatorFaultRule } from './emulator-fault-rule.js';

/** How to start the emulator. Every option is optional. */
export interface OpenAICompatibleEmulatorOptions {
  /** TCP port; 0 picks a free one (read it back from `emulator.port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * The models `GET /v1/models` lists and chat requests may name (others get a 400 `model_not_found`).
   * @default ['echo-small', 'echo-large']
   */
  models?: readonly string[];
  /** When set, every request needs `Authorization: Bearer <apiKey>`, else 401. @default none */
  apiKey?: string;
  /** Delay before any response starts, in ms. @default 0 */
  latencyMs?: number;
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
  /** Fault rules, checked in order for each request. @default [] */
  faults?: readonly EmulatorFaultRule[];
  /** Seed of the generator behind `probability`. @default 1 */
  seed?: number;
}
