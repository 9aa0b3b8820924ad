import type { EmulatorMode } from './emulator-mode.js';

/** The settings that can change while an emulator runs (`POST /__emulator/config` takes any part of it). */
export interface EmulatorConfig<Rule> {
  faults: Rule[];
  latencyMs: number;
  mode: EmulatorMode;
}
