import type { FaultRule } from '../shared/fault-rule.js';
import type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';

/** The endpoints a rule can be limited to: `chat` (`POST /v1/chat/completions`) and `models` (`GET /v1/models`). */
export type OpenAICompatibleEndpoint = 'chat' | 'models';

export const OPENAI_COMPATIBLE_ENDPOINTS: readonly OpenAICompatibleEndpoint[] = ['chat', 'models'];

/**
 * An OpenAI-compatible fault rule. A rule without `endpoint` applies to chat requests only, so
 * model discovery and health checks keep working; `model` matches the chat body's `model`.
 *
 * @example { fault: 'rate-limit', times: 1 } // the next chat request gets a 429, the rest succeed
 * @example { fault: 'status-503', endpoint: 'models' } // discovery fails
 */
export type OpenAICompatibleFaultRule = FaultRule<OpenAICompatibleFaultKind, OpenAICompatibleEndpoint>;
