// `@switchboard/emulators/openai-compatible`: a local OpenAI-compatible server for tests, demos and benchmarks.
export { startOpenAICompatibleEmulator } from './start-openai-compatible-emulator.js';
export { OPENAI_COMPATIBLE_FAULT_KINDS } from './openai-compatible-fault-kind.js';
export { OPENAI_COMPATIBLE_ENDPOINTS } from './openai-compatible-fault-rule.js';
export { COMMON_FAULT_KINDS } from '../shared/fault-kind.js';
export type { OpenAICompatibleEmulator, OpenAICompatibleEmulatorOptions } from './start-openai-compatible-emulator.js';
export type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';
export type { OpenAICompatibleEndpoint, OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
export type { OpenAICompatibleRecordedRequest } from './openai-compatible-recorded-request.js';
// What every emulator shares.
export type { Emulator, EmulatorConfig, EmulatorMode, EmulatorStats } from '../shared/emulator.js';
export type { EmulatorOptions } from '../shared/emulator-options.js';
export type { CommonFaultKind } from '../shared/fault-kind.js';
export type { FaultRule, FaultRuleTiming } from '../shared/fault-rule.js';
export type { RecordedRequest, RequestOutcome } from '../shared/request-log.js';
