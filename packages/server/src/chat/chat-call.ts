import type { AttemptRecord, CallOptions, LanguageModel, Usage } from '@switchboard/core';
import type { FastifyReply } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ChatRequest } from './parse-chat-request.js';
import type { ExtrasRoute } from './create-extras-router.js';

/** One chat request, parsed and resolved, ready to be answered whole or streamed. */
export interface ChatCall {
  runtime: GatewayRuntime;
  chat: ChatRequest;
  model: LanguageModel;
  route: ExtrasRoute;
  options: CallOptions;
  reply: FastifyReply;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
}

/** How a chat request ended, for the metrics and the dashboard. */
export interface ChatOutcome {
  status: number;
  /** The answering provider ('' when none answered). */
  provider: string;
  // The rest is what the dashboard's recent requests show: references to what the call already
  // made, so filling them costs nothing when the dashboard is off.
  /** The provider-side model that answered. */
  model?: string;
  attempts?: readonly AttemptRecord[];
  usage?: Usage | undefined;
  /** Streams: from the request's arrival to the first chunk sent, ms. */
  firstChunkMs?: number;
  /** The answer's text (streams collect it only when the dashboard captures content). */
  text?: string;
  /** An error answer's code and message. */
  error?: { code: string | null; message: string };
}
