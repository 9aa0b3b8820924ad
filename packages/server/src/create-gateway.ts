import { InvalidArgumentError } from '@switchboard/core';
import { describeValue } from '@switchboard/core/shared';
import Fastify from 'fastify';
import { answerClientError } from './body/answer-client-error.js';
import type { OpenAIErrorBody } from './errors/openai-error-from.js';
import type { Gateway, ListenOptions } from './gateway.js';
import type { GatewayOptions } from './gateway-options.js';
import { resolveGatewayOptions } from './resolve-gateway-options.js';
import { switchboardGateway } from './switchboard-gateway.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4000;

// Slow clients may take this long to send a request (headers and body); the answer has no limit
// here, since a long streamed answer is normal. Node's own default is 5 minutes.
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * An HTTP server in front of a registry speaking OpenAI's and Anthropic's APIs:
 * `POST /v1/chat/completions`, `POST /v1/responses` and `POST /v1/messages` (whole or streamed),
 * `POST /v1/messages/count_tokens`, `GET /v1/models`, `/health`, `/health/live`, `/health/ready` and `/metrics`.
 * Checks its options at once (an `InvalidArgumentError` naming the wrong one); call `listen()`
 * to start serving.
 *
 * @example
 * const gateway = await createGateway({ registry });
 * console.log(await gateway.listen({ port: 4000 })); // http://127.0.0.1:4000
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  // Checked here too, so a wrong option fails before Fastify is set up.
  resolveGatewayOptions(options);
  const app = Fastify({
    // The plugin logs through options.logger; Fastify's own per-request lines would cost CPU on every request.
    logger: false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    // What Node's HTTP parser refuses (400, 408, 431) is answered in OpenAI's shape too.
    clientErrorHandler: answerClientError,
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `No route ${request.method} ${request.url.split('?')[0]}. This gateway serves POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, POST /v1/messages/count_tokens, GET /v1/models, /health and /metrics.`;
    const body: OpenAIErrorBody = { error: { message, type: 'invalid_request_error', param: null, code: 'not_found' } };
    reply.code(404).send(body);
  });
  await app.register(switchboardGateway, options);
  await app.ready();

  let url: string | undefined;
  let closing: Promise<void> | undefined;
  return {
    get url() {
      return url;
    },
    async listen({ host = DEFAULT_HOST, port = DEFAULT_PORT }: ListenOptions = {}) {
      if (closing) throw new InvalidArgumentError({ argument: 'gateway', reason: 'this gateway was closed; create a new one to listen again.' });
      if (url) throw new InvalidArgumentError({ argument: 'gateway', reason: `this gateway is already listening at ${url}.` });
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new InvalidArgumentError({ argument: 'port', reason: `expected a TCP port from 0 to 65535, got ${describeValue(port)}.` });
      await app.listen({ host, port });
      const address = app.server.address();
      const bound = typeof address === 'object' && address !== null ? address : { address: host, port };
      url = `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`;
      return url;
    },
    close() {
      closing ??= app.close().then(() => undefined);
      return closing;
    },
  };
}
