import type { EmulatorMode } from './emulator-mode.js';
import type { FaultRule } from './fault-rule.js';

/** The settings that can change while the emulator runs (POST /__emulator/config takes a part of it). */
export interface EmulatorConfig {
  faults: FaultRule[];
  latencyMs: number;
  mode: EmulatorMode;
}
