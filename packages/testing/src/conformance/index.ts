// @switchboard/testing/conformance: the suite a provider plugin runs against itself (jest).
export { describeProviderConformance } from './describe-provider-conformance.js';
export type { ProviderConformanceOptions, ConformanceEmulator, ConformanceFault } from './conformance-options.js';
export type { ReceivedRequest, WireAnswer } from './wire-answer.js';
export { describeStoreConformance } from './describe-store-conformance.js';
export type { StoreConformanceOptions } from './describe-store-conformance.js';
