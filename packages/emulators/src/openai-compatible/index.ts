// `@switchboard/emulators/openai-compatible`: a local OpenAI-compatible server for tests, demos and benchmarks.
export { startOpenAICompatibleEmulator } from './start-openai-compatible-emulator.js';
export { OPENAI_COMPATIBLE_FAULT_KINDS } from './openai-compatible-fault-kind.js';
export { OPENAI_COMPATIBLE_ENDPOINTS } from './openai-compatible-fault-rule.js';
export { COMMON_FAULT_KINDS } from '../shared/fault-kind.js';
export type { OpenAICompatibleEmulator } from './openai-compatible-emulator.js';
export type { OpenAICompatibleEmulatorOptions } from './openai-compatible-emulator-options.js';
export type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';
export type { OpenAICompatibleEndpoint, OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
export type { OpenAICompatibleRecordedRequest } from './openai-compatible-recorded-request.js';
export type * from '../shared/public-types.js';
