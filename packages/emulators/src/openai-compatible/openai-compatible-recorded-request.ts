import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState } from '../shared/emulator-state.js';
import { createRecordedRequest, type RecordedRequest } from '../shared/request-log.js';
import type { OpenAICompatibleFaultKind } from './openai-compatible-fault-kind.js';

/** A request to the OpenAI-compatible emulator. */
export interface OpenAICompatibleRecordedRequest extends RecordedRequest<OpenAICompatibleFaultKind> {
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
}

export interface RecordOpenAICompatibleRequestOptions {
  /** Where the entry goes, when recording is on. */
  state: Pick<EmulatorState<string, string, OpenAICompatibleRecordedRequest>, 'recordRequests' | 'log'>;
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  rawBody: Buffer;
  /** The body parsed as JSON, or undefined. */
  body: unknown;
  fault: OpenAICompatibleFaultKind | undefined;
}

/** Adds the request to the log, when recording is on. */
export function recordOpenAICompatibleRequest(options: RecordOpenAICompatibleRequestOptions): void {
  const { state, req, res, path, rawBody, body, fault } = options;
  if (state.recordRequests) state.log.add({ ...createRecordedRequest({ req, res, path, rawBody }), fault, body });
}
