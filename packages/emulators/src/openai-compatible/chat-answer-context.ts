import type { TimerSet } from '../shared/create-timer-set.js';

/** What the chat handler needs from the emulator. */
export interface ChatAnswerContext {
  models: readonly string[];
  timers: TimerSet;
  chunkDelayMs: number;
  splitEvents: boolean;
  lineEnding: '\n' | '\r\n';
  /** Numbers the completion ids (`chatcmpl-emu-7`). */
  sequence: number;
}
