import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as secureJsonParse } from 'secure-json-parse';
import { GatewayError } from '../errors/gateway-error.js';
import { JsonDepthScanner } from './json-depth-scanner.js';

/** Options of {@link registerJsonBody}. */
export interface JsonBodyOptions {
  /** Deepest nesting of arrays and objects accepted (`bodyDepthLimit`). */
  depthLimit: number;
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const UTF8 = new Set(['utf-8', 'utf8']);

const refuse = (status: number, code: string, message: string) => new GatewayError({ status, type: 'invalid_request_error', code, message });

/**
 * How a scope of the gateway reads request bodies: JSON only, UTF-8 only, uncompressed only,
 * within the route's body limit, and never nested deeper than `depthLimit`. The depth is counted
 * on the raw bytes as they arrive, in one linear pass outside strings, before `JSON.parse` runs:
 * a body of a million brackets is refused as soon as its 65th arrives, instead of a parser (or
 * later a validator) recursing into it. Anything the gateway would not decode correctly is a 415
 * rather than read as something else; `__proto__` keys (and `constructor.prototype`) are a 400
 * that says so.
 */
export function registerJsonBody(scope: FastifyInstance, { depthLimit }: JsonBodyOptions): void {
  // Fastify also reads text/plain: a chat request is JSON, and anything else is a 415.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', (request: FastifyRequest, payload, done) => {
    const problem = unreadable(request);
    if (problem) return done(problem, undefined);
    const limit = request.routeOptions.bodyLimit;
    const declared = Number(request.headers['content-length']);
    if (declared > limit) return done(tooLarge(limit), undefined);
    let finished = false;
    const finish = (error: Error | null, body?: unknown) => {
      if (finished) return;
      finished = true;
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      // After an early refusal the stream keeps flowing with nobody listening: the rest of the
      // body is read and dropped, never kept.
      done(error, body);
    };
    const scanner = new JsonDepthScanner(depthLimit);
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(tooLarge(limit));
      if (!scanner.push(chunk))
        return finish(
          refuse(
            400,
            'json_too_deep',
            `The request body nests arrays and objects more than ${depthLimit} levels deep, past this gateway's limit (bodyDepthLimit: ${depthLimit}).`,
          ),
        );
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (!Number.isNaN(declared) && received !== declared)
        return finish(refuse(400, 'invalid_request', `The request body is ${received} bytes long, but its Content-Length says ${declared}.`));
      try {
        finish(null, parseJson(Buffer.concat(chunks, received).toString('utf8')));
      } catch (error) {
        finish(error as Error);
      }
    };
    const onError = (error: Error) => finish(Object.assign(error, { statusCode: 400 }));
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

/** Why the body cannot be read as UTF-8 JSON as it arrives (another charset, a compressed body), if it cannot. */
function unreadable(request: FastifyRequest): GatewayError | undefined {
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && !UTF8.has(charset))
    return refuse(
      415,
      'unsupported_media_type',
      `The request body is declared as '${charset}'; this gateway reads JSON in UTF-8 only. Send it as UTF-8 (or without a charset).`,
    );
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity')
    return refuse(
      415,
      'unsupported_media_type',
      `The request body is sent with 'Content-Encoding: ${encoding}', which this gateway does not decode. Send it uncompressed.`,
    );
  return undefined;
}

const tooLarge = (limit: number) => refuse(413, 'request_too_large', `The request body is larger than this gateway accepts (bodyLimit: ${limit} bytes).`);

/** The body as JSON, refusing keys that would change the prototype of the objects built from it. */
function parseJson(body: string): unknown {
  if (body.trim() === '') throw refuse(400, 'invalid_json', "The request body is empty: send a JSON object with 'model' and 'messages'.");
  try {
    return secureJsonParse(body, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    if (/forbidden prototype/.test(message))
      throw refuse(
        400,
        'forbidden_key',
        "The request body contains a '__proto__' key, which this gateway refuses: it could change the prototype of the objects built from the request. Remove it.",
      );
    if (/forbidden constructor/.test(message))
      throw refuse(
        400,
        'forbidden_key',
        "The request body contains a 'constructor' key holding a 'prototype', which this gateway refuses: it could change the prototype of the objects built from the request. Remove it.",
      );
    throw refuse(400, 'invalid_json', `The request body is not valid JSON: ${message}.`);
  }
}
