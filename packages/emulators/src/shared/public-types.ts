// The types both emulators' entry points export: the API they share.
export type { Emulator } from './emulator.js';
export type { EmulatorConfig } from './emulator-config.js';
export type { EmulatorMode } from './emulator-mode.js';
export type { EmulatorOptions } from './emulator-options.js';
export type { EmulatorStats } from './emulator-stats.js';
export type { CommonFaultKind } from './fault-kind.js';
export type { FaultRule } from './fault-rule.js';
export type { FaultRuleTiming } from './fault-picker.js';
export type { RecordedRequest, RequestOutcome } from './recorded-request.js';
