// The gateway driven by the official `openai` client (v6), as an application would use it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TINY_PNG } from '@switchboard/core/testing';
import { createEchoProvider } from '../src/__fixtures__/create-echo-provider.js';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';

const API_KEY = 'sk-openai-client-test';
let server: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  const echo = createEchoProvider();
  server = await startTestGateway({ providers: [echo], registry: { aliases: { echo: 'echo-1' } }, gateway: { apiKey: API_KEY } });
  client = new OpenAI({ apiKey: API_KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
afterAll(() => server.close());

describe('the official openai client', () => {
  it('gets a whole answer', async () => {
    const completion = await client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'Hello there' }] });

    expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'echo-1 heard: Hello there (0 images)' });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
  });

  it('streams, with usage at the end when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    const finishReasons: (string | null | undefined)[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
      usage ??= chunk.usage;
    }

    expect(text).toBe('echo-1 heard: Hello there (0 images)');
    expect(finishReasons).toEqual(['stop']);
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 });
  });

  it('lists the models, aliases included', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['echo-1', 'echo']);
  });

  it('sends an image as a data URI part', async () => {
    const url = `data:image/png;base64,${Buffer.from(TINY_PNG).toString('base64')}`;
    const completion = await client.chat.completions.create({
      model: 'echo-1',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('echo-1 heard: What is this? (1 images)');
  });

  it('gets typed errors: 404 for an unknown model, 401 for a wrong key, 400 naming the field', async () => {
    const notFound = await client.chat.completions.create({ model: 'ecko', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect(notFound).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect((notFound as Error).message).toContain("Did you mean 'echo'");

    const stranger = new OpenAI({ apiKey: 'sk-wrong', baseURL: `${server.url}/v1`, maxRetries: 0 });
    await expect(stranger.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const bad = await client.chat.completions
      .create({ model: 'echo', messages: [{ role: 'wizard' as 'user', content: 'Hi' }] })
      .catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, param: 'messages[0].role' });
  });
});
