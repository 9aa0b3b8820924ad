// Helpers for tests of hosts and plugins: `@switchboard/core/testing`.
export { createFakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';
export { createTestProvider } from './create-test-provider.js';
export type { TestProviderOptions } from './create-test-provider.js';
export { startConnectProxy } from './start-connect-proxy.js';
export type { ConnectProxy } from './start-connect-proxy.js';
export { createCallOptions } from './create-call-options.js';
export { createSeededRandom } from './create-seeded-random.js';
export { createFaultPicker } from './create-fault-picker.js';
export type { FaultPicker, FaultRuleTiming } from './create-fault-picker.js';
export { thrown, rejection } from './captured-error.js';
