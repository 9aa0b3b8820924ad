import { performance } from 'node:perf_hooks';
import type { CallOptions } from '@switchboard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { modelNotAllowed, type ResolvedClientKey } from '../auth/client-key.js';
import { inlineRemoteImages } from '../chat/inline-remote-images.js';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { imageCapacity } from '../images/image-capacity.js';
import { CLIENT_CLOSED_STATUS } from '../shutdown/in-flight-calls.js';
import { attemptTrail } from '../ui/attempt-trail.js';
import type { RecordedOutcome } from '../ui/dashboard-recorder.js';
import type { ApiFace, ApiRequest } from './api-face.js';
import { sendWholeAnswer } from './send-whole-answer.js';
import { streamAnswer } from './stream-answer.js';

/**
 * The call options of a request: its standard settings, tools and answer format, the signal that
 * ties the call to the client's connection, a stream's text taken per read, and its client key's budget (counted for the whole
 * call, fleet-wide with a shared store). The one place a request's settings become the
 * registry's options, whichever API they came in.
 */
export function callOptionsOf(request: ApiRequest, signal: AbortSignal, key?: ResolvedClientKey): CallOptions {
  const options: CallOptions = { signal, ...request.settings, ...request.tools };
  if (key?.budget) options.budget = key.budget;
  // A stream's text per network read, each part keeping the upstream's pieces: streamAnswer writes
  // one client event per piece all the same, and the part crosses the registry once per read.
  if (request.stream) options.textParts = 'per-read';
  return options;
}

/**
 * The handler of one API route: the face's reader, then the same pipeline for every API (the
 * model resolved, an unknown name a 404 before anything is sent upstream; the call tied to the
 * client's connection; the client's share of upstream connections; remote images per the
 * policy; the call, whole or streamed, with the registry's retries and fallback), then the
 * face's writer. Every outcome, error or not, is counted once in the metrics and the dashboard.
 */
export function createApiHandler<R extends ApiRequest>(runtime: GatewayRuntime, face: ApiFace<R>) {
  const { registry, calls, clients, metrics, logger } = runtime;
  return async function handleApiRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const startedAt = performance.now();
    metrics?.requestStarted();
    let read: R | undefined;
    let modelLabel = '';
    let controller: AbortController | undefined;
    let client: string | undefined;
    let outcome: RecordedOutcome;
    try {
      read = await face.read(request.body, request);
      const key = runtime.clientKeyOf(request);
      if (key?.models && !key.models.has(read.model)) throw modelNotAllowed(key, read.model);
      const model = registry.create(read.model);
      modelLabel = runtime.modelLabel(read.model);
      controller = calls.start(reply.raw);
      const { signal } = controller;
      // Past its share of the upstream connections, a client's request waits for one of its own.
      const requester = runtime.clientOf(request);
      const turn = clients.acquire(requester, signal);
      if (turn) await turn;
      client = requester;
      // Most requests have no image to download: no options, closure or turn of the loop for them.
      if (read.images.remote.length > 0) {
        await inlineRemoteImages(read.images, {
          policy: runtime.images,
          downloads: runtime.downloads,
          modelId: read.model,
          imageCapacity: () => imageCapacity(model, registry),
          signal,
          logger,
        });
      }
      const call = { runtime, face, request: read, model, modelLabel, options: callOptionsOf(read, signal, key), reply };
      outcome = read.stream ? await streamAnswer(call) : await sendWholeAnswer(call);
    } catch (error) {
      const answer = face.errorReply(error, read);
      const { status, headers, body, summary } = answer;
      outcome = { status, provider: '', attempts: attemptTrail(error), error: summary };
      if (status === CLIENT_CLOSED_STATUS) {
        logger.debug({ route: face.route, model: read?.model }, 'client left before the answer; upstream request cancelled');
        // The socket is gone: nothing to send, and Fastify must not try.
        reply.hijack();
      } else {
        if (status >= 500) logger.warn({ err: error, route: face.route, model: read?.model, status, code: summary.code }, 'request failed');
        else logger.debug({ route: face.route, model: read?.model, status, code: summary.code, message: summary.message }, 'request refused');
        if (calls.closing) headers['connection'] = 'close';
        reply.code(status).headers(headers).send(body);
      }
    } finally {
      if (controller) calls.end(controller);
      if (client !== undefined) clients.release(client);
      metrics?.requestEnded();
    }
    const elapsedMs = performance.now() - startedAt;
    metrics?.recordRequest(face.route, modelLabel, outcome.provider, outcome.status, read?.stream === true, elapsedMs / 1000);
    runtime.dashboard?.record(face.route, read, outcome, elapsedMs, runtime.clientKeyOf(request)?.name);
  };
}
