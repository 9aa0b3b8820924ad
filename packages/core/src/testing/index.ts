// @switchboard/core/testing: helpers for tests of host apps and provider plugins.
export { createFakeClock } from './fake-clock.js';
export type { FakeClock } from './fake-clock.js';
export { createTestProvider } from './create-test-provider.js';
export type { TestProviderOptions } from './create-test-provider.js';
export { startConnectProxy } from './start-connect-proxy.js';
export type { ConnectProxy } from './start-connect-proxy.js';
export { createCallOptions } from './create-call-options.js';
export { thrown, rejection } from './captured-error.js';
export { TINY_PNG } from './tiny-png.js';
// The real clock and the signal-aware wait the registry uses, for test doubles that wait like it.
export { systemClock } from '../orchestration/clock.js';
export { sleep } from '../orchestration/sleep.js';
