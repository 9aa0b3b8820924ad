// `@switchboard/emulators/dynaspark`: a local Dynaspark service for tests, demos and benchmarks.
export { startDynasparkEmulator } from './start-dynaspark-emulator.js';
export { DEFAULT_CHAT_PATHS } from './dynaspark-emulator-options.js';
export { DYNASPARK_FAULT_KINDS } from './dynaspark-fault-kind.js';
export { DYNASPARK_ENDPOINTS } from './dynaspark-fault-rule.js';
export { SUPPORTED_MODELS } from './supported-models.js';
export { COMMON_FAULT_KINDS } from '../shared/fault-kind.js';
export type { DynasparkEmulator } from './dynaspark-emulator.js';
export type { DynasparkEmulatorOptions } from './dynaspark-emulator-options.js';
export type { DynasparkFaultKind } from './dynaspark-fault-kind.js';
export type { DynasparkEndpoint, DynasparkFaultRule } from './dynaspark-fault-rule.js';
export type { DynasparkRecordedRequest, RecordedFile, RecordedPart } from './dynaspark-recorded-request.js';
export type * from '../shared/public-types.js';
