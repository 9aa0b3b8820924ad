// Tool loops and structured output with the AI SDK (`ai` v6, `@ai-sdk/openai-compatible` v2):
// the gateway over a registry of real plugins (Dynaspark first, then two OpenAI-compatible
// instances), each in front of its emulator.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { SHARED_MODEL, useEmulatedGateway } from '../src/__fixtures__/start-emulated-gateway.js';

interface Report {
  city: string;
  celsius: number;
  sunny: boolean;
}

const weather = tool({
  description: 'The weather in a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});
const reportSchema = jsonSchema<Report>({
  type: 'object',
  properties: { city: { type: 'string' }, celsius: { type: 'number', minimum: 10 }, sunny: { type: 'boolean' } },
  required: ['city', 'celsius', 'sunny'],
  additionalProperties: false,
});
const finalText = `Echo from ${SHARED_MODEL}: weather: {"city":"Paris","celsius":21}`;

const server = useEmulatedGateway();
let switchboard: ReturnType<typeof createOpenAICompatible>;
beforeAll(() => {
  // The gateway passes `json_schema` response formats on, so the SDK may send the schema itself.
  switchboard = createOpenAICompatible({ name: 'switchboard', baseURL: `${server.url}/v1`, supportsStructuredOutputs: true });
});

describe('the AI SDK through the registry', () => {
  it('generateText runs the tool loop to a text that includes the tool result', async () => {
    const result = await generateText({ model: switchboard(SHARED_MODEL), prompt: 'Paris', tools: { weather }, stopWhen: stepCountIs(3), maxRetries: 0 });

    expect(result.text).toBe(finalText);
    expect(result.steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.steps[0]?.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'Paris' } }]);
    expect(result.steps[0]?.toolResults).toMatchObject([{ toolName: 'weather', output: { city: 'Paris', celsius: 21 } }]);
    expect(result.response.headers?.['x-switchboard-provider']).toBe('local');
    expect(server.local.requests).toHaveLength(2);
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('generateObject returns the typed object the schema describes', async () => {
    const { object } = await generateObject({ model: switchboard(SHARED_MODEL), schema: reportSchema, prompt: 'Paris', maxRetries: 0 });

    const report: Report = object;
    expect(report).toEqual({ city: 'Paris', celsius: 10, sunny: true });
    expect(server.local.requests[0]?.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { schema: { required: ['city', 'celsius', 'sunny'] } } },
    });
    expect(server.dynaspark.requests).toHaveLength(0);
  });

  it('streamText streams the call, the result and the final text', async () => {
    const result = streamText({ model: switchboard(SHARED_MODEL), prompt: 'Paris', tools: { weather }, stopWhen: stepCountIs(3), maxRetries: 0 });
    const seen: string[] = [];
    for await (const part of result.fullStream) if (['tool-input-delta', 'tool-call', 'tool-result', 'text-delta'].includes(part.type)) seen.push(part.type);

    expect(await result.text).toBe(finalText);
    expect(seen.indexOf('tool-input-delta')).toBeLessThan(seen.indexOf('tool-call'));
    expect(seen.indexOf('tool-call')).toBeLessThan(seen.indexOf('tool-result'));
    expect(seen.indexOf('tool-result')).toBeLessThan(seen.indexOf('text-delta'));
    expect((await result.steps)[0]?.toolResults).toMatchObject([{ toolName: 'weather', input: { city: 'Paris' }, output: { city: 'Paris', celsius: 21 } }]);
    expect(server.local.requests.map((request) => request.body)).toMatchObject([{ stream: true }, { stream: true }]);
    expect(server.dynaspark.requests).toHaveLength(0);
  });
});
