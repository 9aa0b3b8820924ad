import type { AttemptRecord, CallSettings, GenerateResult, Message, Usage } from '@switchboard/core';
import type { FastifyRequest } from 'fastify';
import type { GatewayWarning } from '../chat/gateway-warning.js';
import type { ToolOptions } from '../chat/read-tool-options.js';
import type { RequestRoute } from '../ui/dashboard-data.js';
import type { RequestImages } from './request-images.js';

/**
 * One request of any of the gateway's APIs, read into the registry's terms: what the pipeline
 * needs to make the call, whatever API it came in. A reader builds it; the pipeline never looks
 * at the request body.
 */
export interface ApiRequest {
  /** The model name as the client sent it (an alias, a model, or `provider/model`). */
  model: string;
  /** The conversation in the registry's message shape (checked for shape by the registry). */
  messages: Message[];
  stream: boolean;
  /** Tools, tool choice and the answer's format, as the registry's call options (undefined: none). */
  tools: ToolOptions | undefined;
  /** The standard call settings the request set (`temperature`, `maxOutputTokens`…), undefined when none. */
  settings: CallSettings | undefined;
  /** The registry's argument of each setting (`options.maxOutputTokens`) → the request field it came from (`max_tokens`), for errors. */
  params: Readonly<Record<string, string>>;
  /**
   * Where each of `messages` came from in the request (`input[2]`, `messages[1]`, `system`), for
   * errors about a message, when the request is not a chat completion (whose messages are the registry's).
   */
  messagePaths?: readonly string[];
  /** The request's image parts, for the remote-image policy (found by the reader, which knows their places). */
  images: RequestImages;
  /** What the answer must tell the client about the request itself (fields no provider gets). */
  warnings: readonly GatewayWarning[];
}

/** An error as one API answers it. */
export interface ErrorReply<BODY = unknown> {
  status: number;
  headers: Record<string, string>;
  body: BODY;
  /** The stable code and message, for logs and the dashboard. */
  summary: { code: string | null; message: string };
}

/** Who answered a streamed request, known when its first content arrives. */
export interface StreamHead {
  provider: string;
  /** The provider-side model. */
  model: string;
}

/** How a stream ended. */
export interface StreamEnd {
  finishReason: GenerateResult['finishReason'];
  usage: Usage | undefined;
  warnings: readonly GatewayWarning[];
  /** Every attempt the registry made. */
  attempts: readonly AttemptRecord[];
}

/**
 * Turns one stream's parts into an API's server-sent events. Each method returns the text to
 * write (possibly several events, possibly ''); the pipeline writes it, so writing, back-pressure
 * and cut-offs are the pipeline's, and a writer is a pure function of what it was told.
 */
export interface StreamWriter {
  /** The events that open the stream, sent together with the first content. */
  open(head: StreamHead): string;
  text(text: string): string;
  /**
   * A piece of tool call number `index` (in order of first appearance): its first piece carries
   * its id and name (`first`), later ones only arguments.
   */
  toolCall(index: number, id: string, name: string, argumentsDelta: string, first: boolean): string;
  /** The events that end a complete stream. */
  finish(end: StreamEnd): string;
  /** The event that ends a stream that failed after it started (never a silent cut). */
  fail(error: ErrorReply): string;
}

/** The whole answer, as the pipeline hands it to a writer. */
export interface WholeAnswer {
  result: GenerateResult;
  /** The registry's warnings and the request's own. */
  warnings: readonly GatewayWarning[];
}

/** What a writer is given about the request it answers. */
export interface AnswerContext<R extends ApiRequest> {
  request: R;
  /** `Date.now()` when the answer began (the API's `created` field). */
  createdAt: number;
}

/**
 * One API the gateway speaks: a reader (the request body → an {@link ApiRequest}) and a writer
 * (results and stream parts → the API's JSON or events, errors in its own shape). Everything in
 * between (auth, limits, model resolution, the call with its retries and fallback, metrics,
 * headers, the dashboard, cancellation) is the pipeline's and the same for every face.
 */
export interface ApiFace<R extends ApiRequest = ApiRequest> {
  /** The dashboard's name of the route. */
  route: RequestRoute;
  /** Reads and checks the body; throws a `GatewayError` (or a registry error) naming the field at fault. May look things up (a stored conversation). */
  read(body: unknown, request: FastifyRequest): R | Promise<R>;
  /** Any error in the API's shape, with its status and headers. `request` is what the reader made of the request, when it got that far. */
  errorReply(error: unknown, request: R | undefined): ErrorReply;
  /** The body of a whole answer (sent with status 200 after the pipeline set its headers). */
  answer(whole: WholeAnswer, context: AnswerContext<R>): unknown;
  /** A writer for one streamed answer. */
  streamWriter(context: AnswerContext<R>): StreamWriter;
}
