// End to end: an upstream OpenAI-compatible server that writes a whole streamed answer at once
// (the events of one read, as a fast local server under load sends them) -> the plugin -> the
// gateway, whose clients still get the upstream's pieces, one event each, in every API (a guard
// for any later joining of the events of one read).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry, type Registry } from '@switchboard/core';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import OpenAI from 'openai';
import { createGateway } from '../src/create-gateway.js';
import type { Gateway } from '../src/gateway.js';

const PIECES = ['Echo', ' from', ' one', ' write'];
const head = { id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'llama-upstream' };
const event = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const ANSWER = [event({ role: 'assistant', content: '' }), ...PIECES.map((content) => event({ content })), event({}, 'stop'), 'data: [DONE]\n\n'].join('');

let upstream: Server;
let registry: Registry;
let gateway: Gateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' }).end(ANSWER);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/v1`;
  const provider = await createOpenAICompatible({ id: 'local', baseUrl, models: ['llama'] });
  registry = createRegistry({ providers: [provider], useRegistered: false });
  gateway = await createGateway({ registry, env: {}, processMetrics: false });
  client = new OpenAI({ apiKey: 'unused', baseURL: `${await gateway.listen({ port: 0 })}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await registry.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

describe('gateway in front of an upstream that sends its answer in one write', () => {
  it("streams the upstream's pieces as chat chunks, each with the gateway's own id and model", async () => {
    const stream = await client.chat.completions.create({ model: 'llama', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const pieces = chunks.flatMap((chunk) => (chunk.choices[0]?.delta.content ? [chunk.choices[0].delta.content] : []));
    expect(pieces).toEqual(PIECES);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]?.id).not.toBe('chatcmpl-upstream');
    // The model the gateway asked for, not the name the upstream echoed.
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['llama']));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams them as Responses text deltas too', async () => {
    const stream = await client.responses.create({ model: 'llama', input: 'Hi', stream: true });
    const deltas = [];
    for await (const streamed of stream) if (streamed.type === 'response.output_text.delta') deltas.push(streamed.delta);
    expect(deltas).toEqual(PIECES);
  });
});
