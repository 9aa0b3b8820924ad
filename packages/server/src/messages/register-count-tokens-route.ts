import type { FastifyInstance } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { estimateInputTokens } from './estimate-input-tokens.js';
import { readMessagesRequest } from './read-messages-request.js';

export const COUNT_TOKENS_PATH = '/v1/messages/count_tokens';

/**
 * `POST /v1/messages/count_tokens`: Anthropic's token count of a Messages request, answered with
 * an estimate (see `estimateInputTokens`) and an `x-switchboard-token-count: estimate` header that
 * says so. The body is read as `/v1/messages` reads it (a bad field is the same 400) and the model
 * must be served (an unknown one is a 404); nothing is sent upstream.
 */
export function registerCountTokensRoute(app: FastifyInstance, { registry }: GatewayRuntime, bodyLimit: number): void {
  app.post(COUNT_TOKENS_PATH, { bodyLimit }, async (request, reply) => {
    const read = readMessagesRequest(request.body, { countOnly: true });
    registry.create(read.model);
    reply.header('x-switchboard-token-count', 'estimate');
    return { input_tokens: estimateInputTokens(read) };
  });
}
