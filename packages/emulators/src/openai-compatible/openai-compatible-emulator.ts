import type { Emulator } from '../shared/emulator.js';
import type { OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
import type { OpenAICompatibleRecordedRequest } from './openai-compatible-recorded-request.js';

/** A running OpenAI-compatible emulator; `url` is its origin plus `/v1`, what the provider's `baseUrl` takes. */
export type OpenAICompatibleEmulator = Emulator<OpenAICompatibleFaultRule, OpenAICompatibleRecordedRequest>;
