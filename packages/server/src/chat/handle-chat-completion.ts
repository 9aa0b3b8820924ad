import { performance } from 'node:perf_hooks';
import type { CallOptions } from '@switchboard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAIErrorFrom } from '../errors/openai-error-from.js';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { imageCapacity } from '../images/image-capacity.js';
import { CLIENT_CLOSED_STATUS } from '../shutdown/in-flight-calls.js';
import { attemptTrail } from '../ui/attempt-trail.js';
import type { ChatOutcome } from './chat-call.js';
import { findChatImages, inlineRemoteImages } from './inline-remote-images.js';
import { parseChatRequest, type ChatRequest } from './parse-chat-request.js';
import { sendChatCompletion } from './send-chat-completion.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/**
 * The `POST /v1/chat/completions` handler: parse, resolve the model (an unknown name is a 404
 * before anything is sent upstream), tie the call to the client's connection, then answer whole
 * or as a stream. Every outcome, error or not, is counted once in the metrics.
 */
export function createChatCompletionHandler(runtime: GatewayRuntime) {
  const { registry, calls, clients, metrics, logger } = runtime;
  return async function handleChatCompletion(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const startedAt = performance.now();
    metrics?.requestStarted();
    let chat: ChatRequest | undefined;
    let modelLabel = '';
    let controller: AbortController | undefined;
    let client: string | undefined;
    let outcome: ChatOutcome;
    try {
      chat = parseChatRequest(request.body);
      const model = registry.create(chat.model);
      modelLabel = runtime.modelLabel(chat.model);
      controller = calls.start(reply.raw);
      const { signal } = controller;
      // Past its share of the upstream connections, a client's request waits for one of its own.
      const requester = runtime.clientOf(request);
      const turn = clients.acquire(requester, signal);
      if (turn) await turn;
      client = requester;
      await inlineRemoteImages(findChatImages(chat.messages), {
        policy: runtime.images,
        downloads: runtime.downloads,
        modelId: chat.model,
        imageCapacity: () => imageCapacity(model, registry),
        signal,
        logger,
      });
      const options: CallOptions = { signal, ...chat.settings, ...chat.tools };
      const call = { runtime, chat, model, modelLabel, options, reply, startedAt };
      outcome = chat.stream ? await streamChatCompletion(call) : await sendChatCompletion(call);
    } catch (error) {
      const { status, headers, body } = openAIErrorFrom(error, { params: chat?.params });
      outcome = { status, provider: '', attempts: attemptTrail(error), error: body.error };
      if (status === CLIENT_CLOSED_STATUS) {
        logger.debug({ model: chat?.model }, 'client left before the answer; upstream request cancelled');
        // The socket is gone: nothing to send, and Fastify must not try.
        reply.hijack();
      } else {
        if (status >= 500) logger.warn({ err: error, model: chat?.model, status, code: body.error.code }, 'chat completion failed');
        else logger.debug({ model: chat?.model, status, code: body.error.code, message: body.error.message }, 'chat completion refused');
        if (calls.closing) headers['connection'] = 'close';
        reply.code(status).headers(headers).send(body);
      }
    } finally {
      if (controller) calls.end(controller);
      if (client !== undefined) clients.release(client);
      metrics?.requestEnded();
    }
    const elapsedMs = performance.now() - startedAt;
    metrics?.recordRequest(modelLabel, outcome.provider, outcome.status, chat?.stream === true, elapsedMs / 1000);
    runtime.dashboard?.record('chat', chat, outcome, elapsedMs);
  };
}
