import type { Emulator } from '../shared/emulator.js';
import type { DynasparkFaultRule } from './dynaspark-fault-rule.js';
import type { DynasparkRecordedRequest } from './dynaspark-recorded-request.js';

/** A running Dynaspark emulator; `url` is its origin, what the provider's `baseUrl` takes. */
export type DynasparkEmulator = Emulator<DynasparkFaultRule, DynasparkRecordedRequest>;
