import type { CallOptions, LanguageModel } from '@switchboard/core';
import type { FastifyReply } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ChatRequest } from './parse-chat-request.js';
import type { RecordedOutcome } from '../ui/dashboard-recorder.js';

/** One chat request, parsed and resolved, ready to be answered whole or streamed. */
export interface ChatCall {
  runtime: GatewayRuntime;
  chat: ChatRequest;
  model: LanguageModel;
  /** The `model` label of the metrics ('' for a name the catalogue does not list). */
  modelLabel: string;
  options: CallOptions;
  reply: FastifyReply;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
}

/**
 * How a chat request ended: its status and answering provider for the metrics, and for the
 * dashboard references to what the call already made (attempts, usage, the answer).
 */
export type ChatOutcome = RecordedOutcome;
