import type { CallOptions, LanguageModel } from '@switchboard/core';
import type { FastifyReply } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import type { ApiFace, ApiRequest } from './api-face.js';

/** One request, read and resolved, ready to be answered whole or streamed. */
export interface ApiCall<R extends ApiRequest = ApiRequest> {
  runtime: GatewayRuntime;
  face: ApiFace<R>;
  request: R;
  model: LanguageModel;
  /** The `model` label of the metrics ('' for a name the catalogue does not list). */
  modelLabel: string;
  options: CallOptions;
  reply: FastifyReply;
}
