import { COMMON_FAULT_KINDS, type CommonFaultKind } from '../shared/fault-kind.js';

/**
 * A way the emulated OpenAI-compatible server misbehaves: the common kinds (see
 * `COMMON_FAULT_KINDS`), answered with OpenAI's `{"error": {...}}` bodies, plus
 * `mid-stream-error`: two chunks of text, then an `{"error": ...}` event (or, not streaming, a
 * 200 whose body is an error).
 *
 * On a stream, `malformed-json` cuts the second event short, `slow-drip` spreads the events over
 * `dripMs` and `latency` holds the first byte back by `delayMs`.
 */
export type OpenAICompatibleFaultKind = CommonFaultKind | 'mid-stream-error';

/** Every OpenAI-compatible fault: the common ones, then its own. */
export const OPENAI_COMPATIBLE_FAULT_KINDS: readonly OpenAICompatibleFaultKind[] = [...COMMON_FAULT_KINDS, 'mid-stream-error'];
