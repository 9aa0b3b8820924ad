// @switchboard/testing: a scriptable provider for tests of host apps. The conformance suite plugin
// authors run is `@switchboard/testing/conformance` (it needs jest).
export { createMockProvider } from './mock/create-mock-provider.js';
export type { MockProvider, MockProviderOptions } from './mock/create-mock-provider.js';
export type { MockAnswer, MockAnswerFunction, MockCall, MockScript, MockToolCall } from './mock/mock-answer.js';
export type { MockFailure } from './mock/mock-failure.js';
