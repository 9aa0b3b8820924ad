// The AI SDK (`ai` v6) pointed at the gateway through its OpenAI Responses model (`@ai-sdk/openai`
// 2.x, `openai.responses(...)`) and its Anthropic model (`@ai-sdk/anthropic` 2.x, which sends the
// key as x-api-key): text, streams, tool loops and errors, over the real plugins and emulators.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';

// @ai-sdk/* 2.x models run in ai 6's compatibility mode (the 3.x line needs Node 22), which it announces on every call.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const server = useEmulatedGateway();
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;
beforeAll(() => {
  openai = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
  anthropic = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
});

const weather = tool({
  description: 'The weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
  execute: async ({ city }) => ({ city, sky: 'clear' }),
});

describe.each([
  ['the OpenAI Responses model', (id: string = SHARED_MODEL) => openai.responses(id)],
  ['the Anthropic model', (id: string = SHARED_MODEL) => anthropic(id)],
])('the AI SDK with %s', (_name, model) => {
  it('generates text', async () => {
    const result = await generateText({ model: model(), prompt: 'Hello gateway', maxRetries: 0 });

    expect(result.text).toBe(`Echo from ${SHARED_MODEL}: Hello gateway`);
    expect(result.finishReason).toBe('stop');
    expect(result.response.headers?.['x-switchboard-provider']).toBe('dynaspark');
  });

  it('streams text', async () => {
    const result = streamText({ model: model(), prompt: 'Hello stream', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);

    // Dynaspark answers in one piece: one delta.
    expect(pieces).toEqual([`Echo from ${SHARED_MODEL}: Hello stream`]);
    expect(await result.finishReason).toBe('stop');
  });

  it('runs a tool loop: the call, the tool executed, its result back, the final text', async () => {
    const result = await generateText({ model: model(), prompt: 'Paris', tools: { weather }, stopWhen: stepCountIs(3), maxRetries: 0 });

    expect(result.steps[0]?.toolCalls).toEqual([expect.objectContaining({ toolName: 'weather', input: { city: 'Paris' } })]);
    expect(result.text).toBe(`Echo from ${SHARED_MODEL}: weather: {"city":"Paris","sky":"clear"}`);
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('streams a tool loop', async () => {
    const result = streamText({ model: model(), prompt: 'Oslo', tools: { weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
    let text = '';
    for await (const piece of result.textStream) text += piece;

    expect((await result.steps)[0]?.toolCalls).toEqual([expect.objectContaining({ toolName: 'weather', input: { city: 'Oslo' } })]);
    expect(text).toBe(`Echo from ${SHARED_MODEL}: weather: {"city":"Oslo","sky":"clear"}`);
  });

  it('gets an APICallError with the status for an unknown model', async () => {
    const error = await generateText({ model: model('gemini-2.0-flsh'), prompt: 'Hi', maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(404);
  });
});
