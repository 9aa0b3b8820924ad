// @switchboard/core/testing: helpers for tests of host apps and provider plugins.
export { createFakeClock } from '../testing/fake-clock.js';
export type { FakeClock } from '../testing/fake-clock.js';
export { startConnectProxy } from '../testing/start-connect-proxy.js';
export type { ConnectProxy } from '../testing/start-connect-proxy.js';
export { createCallOptions } from '../testing/create-call-options.js';
export { thrown, rejection } from '../testing/captured-error.js';
export { TINY_PNG } from '../testing/tiny-png.js';
export { plainProviderAttributes } from '../testing/plain-provider-attributes.js';
// The real clock and the signal-aware wait the registry uses, for test doubles that wait like it.
export { systemClock } from '../orchestration/clock.js';
export { sleep } from '../orchestration/sleep.js';
