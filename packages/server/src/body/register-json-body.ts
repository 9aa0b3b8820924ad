import { Transform } from 'node:stream';
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
 * How a scope of the gateway reads request bodies: JSON only, UTF-8 only, uncompressed only, and
 * never nested deeper than `depthLimit`. The depth is checked on the raw bytes as they arrive, in
 * one linear pass outside strings, before `JSON.parse` runs, so a body of a million brackets is a
 * 400 in microseconds instead of a parser (or, later, a validator) recursing into it. Anything
 * the gateway would not decode correctly is refused with a 415 rather than read as something
 * else; `__proto__` keys (and `constructor.prototype`) are refused with a 400 that says so.
 */
export function registerJsonBody(scope: FastifyInstance, { depthLimit }: JsonBodyOptions): void {
  // Fastify also reads text/plain: a chat request is JSON, and anything else is a 415.
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, body: string, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && !UTF8.has(charset)) {
      done(
        refuse(
          415,
          'unsupported_media_type',
          `The request body is declared as '${charset}'; this gateway reads JSON in UTF-8 only. Send it as UTF-8 (or without a charset).`,
        ),
        undefined,
      );
      return;
    }
    done(null, parseJson(body));
  });
  scope.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      throw refuse(
        415,
        'unsupported_media_type',
        `The request body is sent with 'Content-Encoding: ${encoding}', which this gateway does not decode. Send it uncompressed.`,
      );
    }
    const scanner = new JsonDepthScanner(depthLimit);
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (scanner.push(chunk)) callback(null, chunk);
          else
            callback(
              refuse(
                400,
                'json_too_deep',
                `The request body nests arrays and objects more than ${depthLimit} levels deep, past this gateway's limit (bodyDepthLimit: ${depthLimit}).`,
              ),
            );
        },
      }),
    );
  });
}

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
