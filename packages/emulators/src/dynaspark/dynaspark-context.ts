import type { EmulatorReply } from '../shared/emulator-reply.js';
import type { EmulatorState } from '../shared/emulator-state.js';
import type { RateLimitWindow } from './create-rate-limit-window.js';
import type { DynasparkFaultKind } from './dynaspark-fault-kind.js';
import type { DynasparkEndpoint } from './dynaspark-fault-rule.js';
import type { DynasparkRecordedRequest } from './dynaspark-recorded-request.js';

export type DynasparkState = EmulatorState<DynasparkFaultKind, DynasparkEndpoint, DynasparkRecordedRequest>;

/** What the Dynaspark handlers share: the common state, and what only this service has. */
export interface DynasparkContext {
  state: DynasparkState;
  chatPaths: ReadonlySet<string>;
  /** The public API's documented quota, reported in X-RateLimit-* headers. */
  rateLimit: RateLimitWindow;
  /** The `/` page, listing the configured chat paths. */
  home: EmulatorReply;
}
