// Attack: the Responses and Messages readers fed what costs most to read. Function calls joined
// to their turn by copying the turn each time took time quadratic in their number; a stored item
// named over and over expanded into the same text again and again; thousands of unknown fields
// each became a warning in a response header. Each is read in one linear pass now, within the
// body limit, with repeats refused and unknown fields summed up in one warning.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMockProvider } from '@switchboard/testing';
import { json, startTestGateway, type TestGateway } from '../../src/__fixtures__/start-test-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

let server: TestGateway;
beforeAll(async () => {
  server = await startTestGateway({ providers: [createMockProvider({ id: 'alpha', models: ['echo'], capabilities: { echo: { tools: true } } })] });
});
afterAll(() => server.close());

const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('inputs that cost most to read', () => {
  it('200,000 function calls in one turn (12 MB) are read in one pass, the event loop free', async () => {
    const calls = Array.from({ length: 200_000 }, (_, index) => `{"type":"function_call","call_id":"c${index}","name":"f","arguments":"{}"}`).join(',');
    const watch = watchLiveness(server.url);

    const response = await post('/v1/responses', `{"model":"echo","input":[{"role":"user","content":"Hi"},${calls}]}`);
    const liveness = await watch.stop();

    // The registry then finds calls without results: what matters here is that reading them took no quadratic time.
    expect([200, 400]).toContain(response.status);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });

  it('an item referenced again is a 400 naming the repeat, before any lookup is expanded twice', async () => {
    const first = await json(await post('/v1/responses', '{"model":"echo","input":"Remember me"}'));
    const item = first.output[0].id;
    const references = Array.from({ length: 3 }, () => `{"type":"item_reference","id":"${item}"}`).join(',');

    const response = await post('/v1/responses', `{"model":"echo","input":[${references}]}`);

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ param: 'input[1].id', code: 'invalid_value' });
  });

  it.each([
    ['/v1/responses', (fields: string) => `{"model":"echo","input":"Hi",${fields}}`],
    ['/v1/messages/count_tokens', (fields: string) => `{"model":"echo","messages":[{"role":"user","content":"Hi"}],${fields}}`],
  ])('50,000 unknown fields on %s make one short warning, not a header line each', async (path, body) => {
    const fields = Array.from({ length: 50_000 }, (_, index) => `"field${index}":1`).join(',');

    const response = await post(path, body(fields));

    expect(response.status).toBe(200);
    if (path === '/v1/responses') {
      expect(response.headers.get('x-switchboard-warnings')).toBe('ignored-parameter;param=field0');
      expect((await json(response)).warnings).toEqual([expect.objectContaining({ param: 'field0', message: expect.stringContaining('and 49992 more') })]);
    }
  });
});
