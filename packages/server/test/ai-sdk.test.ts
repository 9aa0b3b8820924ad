// The gateway driven by the AI SDK (`ai` v6 with `@ai-sdk/openai-compatible` v2), as an application would use it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { TINY_PNG } from '@switchboard/core/testing';
import { createEchoProvider } from '../src/__fixtures__/create-echo-provider.js';
import { APICallError, generateText, streamText } from 'ai';
import { startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

let server: TestGateway;
let switchboard: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  const echo = createEchoProvider();
  server = await startTestGateway({ providers: [echo], gateway: { apiKey: 'sk-ai-sdk-test' } });
  switchboard = createOpenAICompatible({ name: 'switchboard', baseURL: `${server.url}/v1`, apiKey: 'sk-ai-sdk-test', includeUsage: true });
});
afterAll(() => server.close());

describe('the AI SDK with @ai-sdk/openai-compatible', () => {
  it('generates text', async () => {
    const result = await generateText({ model: switchboard('echo-1'), prompt: 'Hello there', maxRetries: 0 });

    expect(result.text).toBe('echo-1 heard: Hello there (0 images)');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 3, outputTokens: 5, totalTokens: 8 });
    expect(result.response.headers?.['x-switchboard-provider']).toBe('echo-provider');
  });

  it('streams text, with usage', async () => {
    const result = streamText({ model: switchboard('echo-1'), prompt: 'Hello there', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);

    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe('echo-1 heard: Hello there (0 images)');
    expect(await result.usage).toMatchObject({ inputTokens: 3, outputTokens: 5 });
  });

  it('sends an image', async () => {
    const result = await generateText({
      model: switchboard('echo-1'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', image: TINY_PNG, mediaType: 'image/png' },
          ],
        },
      ],
      maxRetries: 0,
    });
    expect(result.text).toBe('echo-1 heard: What is this? (1 images)');
  });

  it('gets an APICallError with the status and the OpenAI error message', async () => {
    const error = await generateText({ model: switchboard('ecko-1'), prompt: 'Hi', maxRetries: 0 }).catch((caught: unknown) => caught);

    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
    expect((error as Error).message).toContain("Did you mean 'echo-1'");
  });
});
