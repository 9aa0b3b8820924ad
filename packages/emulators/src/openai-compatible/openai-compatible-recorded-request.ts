import type { RecordedRequest } from '../shared/recorded-request.js';
import type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';

/** A request to the OpenAI-compatible emulator. */
export interface OpenAICompatibleRecordedRequest extends RecordedRequest<OpenAICompatibleFaultKind> {
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
}
