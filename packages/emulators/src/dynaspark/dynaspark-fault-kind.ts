import { COMMON_FAULT_KINDS, type CommonFaultKind } from '../shared/fault-kind.js';

/** Faults only the Dynaspark emulator has: what sits in front of the service, and its odd bodies. */
type DynasparkOnlyFaultKind = 'html-503' | 'html-200' | 'challenge' | 'missing-field' | 'whitespace';

/**
 * A way the emulated Dynaspark service misbehaves: the common kinds (see `COMMON_FAULT_KINDS`:
 * `status-NNN`, the `rate-limit` family, `reset`, `hang`, `latency`, `slow-drip`, `malformed-json`,
 * `empty`), plus:
 * - `html-503`: the hosting platform's "waking up" page; `html-200`: an HTML page with status 200;
 *   `challenge`: a 403 Cloudflare-style "Just a moment..." page;
 * - `missing-field`: a 200 with the answer under another key; `whitespace`: a 200 answer of spaces.
 */
export type DynasparkFaultKind = CommonFaultKind | DynasparkOnlyFaultKind;

/** Every Dynaspark fault: the common ones, then its own. */
export const DYNASPARK_FAULT_KINDS: readonly DynasparkFaultKind[] = [...COMMON_FAULT_KINDS, 'html-503', 'html-200', 'challenge', 'missing-field', 'whitespace'];
