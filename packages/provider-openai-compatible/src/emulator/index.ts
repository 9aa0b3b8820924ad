export { startOpenAICompatibleEmulator } from './start-openai-compatible-emulator.js';
export type { OpenAICompatibleEmulator } from './start-openai-compatible-emulator.js';
export type { OpenAICompatibleEmulatorOptions } from './openai-compatible-emulator-options.js';
export type { EmulatorFaultKind, EmulatorFaultRule } from './emulator-fault-rule.js';
export { EMULATOR_FAULT_KINDS } from './emulator-fault-rule.js';
export type { RecordedRequest, RequestOutcome } from './recorded-request.js';
