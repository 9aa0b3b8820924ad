import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest, WireAnswer } from './wire-answer.js';

/** How the suite's server answers the next requests. */
export type ServerBehaviour =
  | { kind: 'answer'; text: string }
  | { kind: 'status-500' }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'html'; status: number }
  | { kind: 'malformed-json' }
  | { kind: 'hang' };

/** The suite's own HTTP server: protocol-free faults, and the plugin's own answers when it gave `answer`. */
export interface FaultServer {
  readonly url: string;
  /** Every request, oldest first. */
  readonly requests: readonly ReceivedRequest[];
  behave(behaviour: ServerBehaviour): void;
  /** Resolves with the next request once its body has arrived. */
  nextRequest(): Promise<ReceivedRequest>;
  /** Resolves when the client gives up on the request in flight (its connection closes unanswered). */
  nextCancellation(): Promise<void>;
  close(): Promise<void>;
}

type Answer = (text: string, request: ReceivedRequest) => WireAnswer;

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body><h1>Waking up</h1><p>The service is starting, try again.</p></body></html>';

/** Starts the server on a free loopback port. */
export async function startFaultServer(answer: Answer | undefined): Promise<FaultServer> {
  let behaviour: ServerBehaviour = { kind: 'status-500' };
  const requests: ReceivedRequest[] = [];
  const arrivals: ((request: ReceivedRequest) => void)[] = [];
  const cancellations: (() => void)[] = [];

  const respond = (request: ReceivedRequest, response: ServerResponse) => {
    const send = ({ status = 200, headers = { 'content-type': 'application/json' }, body }: WireAnswer) => {
      response.writeHead(status, headers);
      for (const piece of typeof body === 'string' ? [body] : body) response.write(piece);
      response.end();
    };
    switch (behaviour.kind) {
      case 'answer':
        if (!answer) throw new Error('the conformance suite needs `answer` (or an emulator) to answer a request');
        return send(answer(behaviour.text, request));
      case 'status-500':
        return send({ status: 500, body: JSON.stringify({ error: { message: 'conformance: internal server error' } }) });
      case 'rate-limit':
        return send({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': String(behaviour.retryAfterSeconds) },
          body: JSON.stringify({ error: { message: 'conformance: slow down' } }),
        });
      case 'html':
        return send({ status: behaviour.status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: HTML_PAGE });
      case 'malformed-json':
        return send({ body: '{"id": "conformance", "choices": [{"message": {"content": "Hel' });
      case 'hang':
        response.on('close', () => {
          if (!response.writableEnded) for (const resolve of cancellations.splice(0)) resolve();
        });
        return;
    }
  };

  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      for (const resolve of arrivals.splice(0)) resolve(request);
      try {
        respond(request, response);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave(next) {
      behaviour = next;
    },
    nextRequest: () => new Promise((resolve) => arrivals.push(resolve)),
    nextCancellation: () => new Promise((resolve) => cancellations.push(resolve)),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
