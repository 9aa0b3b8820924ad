// Attack: bodies nested deeper than any request needs. A parser or a validator that recurses into
// them blocks the event loop, takes hundreds of megabytes, or overflows the stack (a 500). The
// gateway counts the depth on the raw bytes as they arrive and refuses with a 400 first.
import { describe, expect, it } from '@jest/globals';
import { json } from '../../src/__fixtures__/start-test-gateway.js';
import { SHARED_MODEL, useEmulatedGateway } from '../../src/__fixtures__/start-emulated-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

const server = useEmulatedGateway();
const hello = [{ role: 'user', content: 'Hello' }];
// Written as text: JSON.stringify itself would overflow the stack on the deepest of these.
const nested = (depth: number, leaf = '1') => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
const deepSchema = (depth: number) => `${'{"type":"object","properties":{"inner":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
const chatBody = (fields: string) => `{"model":"${SHARED_MODEL}","messages":[{"role":"user","content":"Hello"}],${fields}}`;

describe('a body nested too deep', () => {
  it('of arrays seven million deep (14 MB) is a 400 naming the limit, with the event loop and memory untouched', async () => {
    const depth = 7_000_000;
    const body = `{"model":"${SHARED_MODEL}","messages":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const watch = watchLiveness(server.url);

    const response = await server.chat(body);
    const liveness = await watch.stop();

    expect(response.status).toBe(400);
    expect((await json(response)).error).toEqual({
      message: "The request body nests arrays and objects more than 64 levels deep, past this gateway's limit (bodyDepthLimit: 64).",
      type: 'invalid_request_error',
      param: null,
      code: 'json_too_deep',
    });
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
    // The client's own 14 MB body is in this process too; parsing it used to take 800 MB.
    expect(liveness.peakRssGrowth).toBeLessThan(200 * 1024 * 1024);
    expect(server.local.requests).toHaveLength(0);
  });

  it.each([
    ['extras nested 1,000 deep', `"user":${nested(1_000)}`],
    ['extras nested 10,000 deep', `"metadata":${nested(10_000, '{}')}`],
    ['a response_format schema nested 1,000 deep', `"response_format":{"type":"json_schema","json_schema":{"name":"deep","schema":${deepSchema(1_000)}}}`],
    ['tool parameters nested 5,000 deep', `"tools":[{"type":"function","function":{"name":"deep","parameters":${deepSchema(5_000)}}}]`],
  ])('%s is a 400, not a 500, and reaches no provider', async (_what, fields) => {
    const watch = watchLiveness(server.url);

    const response = await server.chat(chatBody(fields));
    const liveness = await watch.stop();

    expect(response.status).toBe(400);
    expect((await json(response)).error.code).toBe('json_too_deep');
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
    expect([...server.dynaspark.requests, ...server.local.requests, ...server.backup.requests]).toHaveLength(0);
  });

  it('counts only brackets outside strings, and serves a request within the limit', async () => {
    const response = await server.chat({
      model: SHARED_MODEL,
      messages: [{ role: 'user', content: `${'['.repeat(5_000)} brackets in text do not nest` }],
      response_format: { type: 'json_schema', json_schema: { name: 'ok', schema: JSON.parse(deepSchema(20)) } },
    });

    expect(response.status).toBe(200);
    expect((await json(response)).choices[0].finish_reason).toBe('stop');
  });

  it('takes its limit from bodyDepthLimit', async () => {
    const { startTestGateway } = await import('../../src/__fixtures__/start-test-gateway.js');
    const { createMockProvider } = await import('@switchboard/testing');
    const strict = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'] })], gateway: { bodyDepthLimit: 3 } });
    try {
      const shallow = await strict.chat({ model: 'echo', messages: hello });
      expect(shallow.status).toBe(200);
      await shallow.text();
      const deep = await strict.chat({ model: 'echo', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
      expect(deep.status).toBe(400);
      expect((await json(deep)).error.message).toContain('bodyDepthLimit: 3');
    } finally {
      await strict.close();
    }
  });
});
