import type { FaultRule } from '../shared/fault-rule.js';
import type { DynasparkFaultKind } from './dynaspark-fault-kind.js';

/**
 * The Dynaspark endpoints a rule can be limited to: `chat`, the form POST g4f used
 * (`/generate_response`, `/dsai_fuck_u_spammer`); `api`, the documented `GET /api/generate_response`.
 */
export type DynasparkEndpoint = 'chat' | 'api';

export const DYNASPARK_ENDPOINTS: readonly DynasparkEndpoint[] = ['chat', 'api'];

/**
 * A Dynaspark fault rule. `model` matches `ai_model` on the form and `model` on the GET API; a rule
 * without `endpoint` applies to both.
 *
 * @example { fault: 'rate-limit', probability: 0.2, retryAfterSeconds: 2 }
 * @example { fault: 'html-503', endpoint: 'chat', times: 1 }
 */
export type DynasparkFaultRule = FaultRule<DynasparkFaultKind, DynasparkEndpoint>;
