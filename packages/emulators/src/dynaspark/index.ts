// `@switchboard/emulators/dynaspark`: a local Dynaspark service for tests, demos and benchmarks.
export { startDynasparkEmulator, DEFAULT_CHAT_PATHS } from './start-dynaspark-emulator.js';
export { DYNASPARK_FAULT_KINDS } from './dynaspark-fault-kind.js';
export { DYNASPARK_ENDPOINTS } from './dynaspark-fault-rule.js';
export { SUPPORTED_MODELS } from './handle-chat-request.js';
export { COMMON_FAULT_KINDS } from '../shared/fault-kind.js';
export type { DynasparkEmulator, DynasparkEmulatorOptions } from './start-dynaspark-emulator.js';
export type { DynasparkFaultKind } from './dynaspark-fault-kind.js';
export type { DynasparkEndpoint, DynasparkFaultRule } from './dynaspark-fault-rule.js';
export type { DynasparkRecordedRequest, RecordedFile, RecordedPart } from './dynaspark-recorded-request.js';
// What every emulator shares.
export type { Emulator, EmulatorConfig, EmulatorMode, EmulatorStats } from '../shared/emulator.js';
export type { EmulatorOptions } from '../shared/emulator-options.js';
export type { CommonFaultKind } from '../shared/fault-kind.js';
export type { FaultRule, FaultRuleTiming } from '../shared/fault-rule.js';
export type { RecordedRequest, RequestOutcome } from '../shared/request-log.js';
