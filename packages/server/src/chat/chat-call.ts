import type { CallOptions, LanguageModel } from '@switchboard/core';
import type { FastifyReply } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ChatRequest } from './parse-chat-request.js';
import type { ExtrasRoute } from './create-extras-router.js';

/** One chat request, parsed and resolved, ready to be answered whole or streamed. */
export interface ChatCall {
  runtime: GatewayRuntime;
  chat: ChatRequest;
  model: LanguageModel;
  /** The `model` label of the metrics ('' for a name the catalogue does not list). */
  modelLabel: string;
  route: ExtrasRoute;
  options: CallOptions;
  reply: FastifyReply;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
}

/** How a chat request ended, for the metrics. */
export interface ChatOutcome {
  status: number;
  /** The answering provider ('' when none answered). */
  provider: string;
}
