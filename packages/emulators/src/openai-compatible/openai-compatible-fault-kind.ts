import { COMMON_FAULT_KINDS, type CommonFaultKind } from '../shared/fault-kind.js';

/**
 * A way the emulated OpenAI-compatible server misbehaves: the common kinds (see
 * `COMMON_FAULT_KINDS`), answered with OpenAI's `{"error": {...}}` bodies, plus its own:
 * - `mid-stream-error`: two deltas (words or tool-call pieces), then an `{"error": ...}` event (or,
 *   not streaming, a 200 whose body is an error);
 * - `mid-tool-call-error`: the connection closes after the first delta, the first tool call
 *   announced but its arguments never sent (not streaming: after half the body);
 * - `stream-unsupported`: a 500 for every streaming request, while whole answers work, as the
 *   Portkey gateway on Node 20 does. It applies to streaming requests only: a rule of this kind
 *   does not fire, or count, on the others.
 *
 * On a stream, `malformed-json` cuts the second event short, `slow-drip` spreads the events over
 * `dripMs` and `latency` holds the first byte back by `delayMs`.
 */
export type OpenAICompatibleFaultKind = CommonFaultKind | 'mid-stream-error' | 'mid-tool-call-error' | 'stream-unsupported';

/** Every OpenAI-compatible fault: the common ones, then its own. */
export const OPENAI_COMPATIBLE_FAULT_KINDS: readonly OpenAICompatibleFaultKind[] = [
  ...COMMON_FAULT_KINDS,
  'mid-stream-error',
  'mid-tool-call-error',
  'stream-unsupported',
];
