// End to end: an upstream OpenAI-compatible server that writes a whole streamed answer at once
// (the events of one read, as a fast local server under load sends them) -> the plugin, which
// hands them over as one text part keeping its pieces because the gateway asks for
// `textParts: 'per-read'` -> the gateway, whose clients still get the upstream's pieces, one
// event each, in every API. A library caller of the same registry, who did not ask, still gets
// one part per piece.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRegistry, type Registry } from '@switchboard/core';
import { createOpenAICompatible } from '@switchboard/provider-openai-compatible';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createGateway } from '../src/create-gateway.js';
import type { Gateway } from '../src/gateway.js';

const PIECES = ['Echo', ' from', ' one', ' write'];
const head = { id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created: 1, model: 'llama-upstream' };
const event = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const ANSWER = [event({ role: 'assistant', content: '' }), ...PIECES.map((content) => event({ content })), event({}, 'stop'), 'data: [DONE]\n\n'].join('');
// The pieces in one write, then the connection cut: no finish, no [DONE].
const CUT = [event({ role: 'assistant', content: '' }), ...PIECES.map((content) => event({ content }))].join('');

let upstream: Server;
let registry: Registry;
let gateway: Gateway;
let client: OpenAI;
let baseURL: string;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      if (!body.includes('cut me off')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(ANSWER);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(CUT, () => setTimeout(() => response.socket?.destroy(), 20));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/v1`;
  const provider = await createOpenAICompatible({ id: 'local', baseUrl, models: ['llama'] });
  registry = createRegistry({ providers: [provider], useRegistered: false });
  gateway = await createGateway({ registry, env: {}, processMetrics: false });
  baseURL = await gateway.listen({ port: 0 });
  client = new OpenAI({ apiKey: 'unused', baseURL: `${baseURL}/v1`, maxRetries: 0 });
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

  it('streams them as Messages text deltas too', async () => {
    const anthropic = new Anthropic({ apiKey: 'unused', baseURL, maxRetries: 0 });
    const stream = anthropic.messages.stream({ model: 'llama', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    const deltas: string[] = [];
    for await (const streamed of stream) if (streamed.type === 'content_block_delta' && streamed.delta.type === 'text_delta') deltas.push(streamed.delta.text);
    expect(deltas).toEqual(PIECES);
    expect((await stream.finalMessage()).stop_reason).toBe('end_turn');
  });

  it('writes each piece, then an error event and never [DONE], when the upstream is cut after them', async () => {
    const response = await fetch(`${baseURL}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama', stream: true, messages: [{ role: 'user', content: 'cut me off' }] }),
    });
    const events = (await response.text()).split('\n\n').filter((block) => block.startsWith('data: '));
    const data = events.map((block) => block.slice('data: '.length));
    expect(data).not.toContain('[DONE]');
    const bodies = data.map((text) => JSON.parse(text) as { choices?: { delta: { content?: string } }[]; error?: { message: string } });
    expect(bodies.flatMap((body) => (body.choices?.[0]?.delta.content ? [body.choices[0].delta.content] : []))).toEqual(PIECES);
    expect(bodies.at(-1)?.error?.message).toEqual(expect.any(String));
  });
});

describe('a library caller of the same registry', () => {
  it("gets one text part per upstream piece unless it asks for textParts: 'per-read'", async () => {
    const texts = async (options?: { textParts: 'per-read' }) => {
      const parts = [];
      for await (const part of registry.create('llama').stream('Hi', options)) if (part.type === 'text') parts.push(part);
      return parts;
    };

    expect(await texts()).toEqual(PIECES.map((text) => ({ type: 'text', text })));
    expect(await texts({ textParts: 'per-read' })).toEqual([{ type: 'text', text: PIECES.join(''), pieces: PIECES }]);
  });
});
