// Client JSON Schemas as an attacker sends them, through the gateway: catastrophic patterns, a
// $ref to another request's schema, a reused $id, endless $refs, bad patterns, deep nesting, names
// of Object.prototype members. The parrot model answers with exactly the user's text, so each test
// chooses the answer its schema is checked against; the caller model calls a tool.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMockProvider } from '@switchboard/testing';
import { json, sseData, startTestGateway, type TestGateway } from '../src/__fixtures__/start-test-gateway.js';
import { STALL_MS, watchLiveness } from './attacks/watch-liveness.js';

const parrot = createMockProvider({
  id: 'parrot',
  models: ['parrot-1'],
  capabilities: { 'parrot-1': { tools: true, parallelToolCalls: true, structuredOutput: true } },
  defaultAnswer: async function* ({ messages }) {
    const last = messages.at(-1)!.content;
    yield typeof last === 'string' ? last : '';
    yield { type: 'finish', finishReason: 'stop' };
  },
});

/** Thirty a's and a '!': `^(a+)+$` on a backtracking engine tries 2^30 ways before it fails. */
const EVIL_NAME = `${'a'.repeat(30)}!`;
/** Its model calls `lookup` with `{"name": EVIL_NAME}`, then answers the result with text. */
const caller = createMockProvider({
  id: 'caller',
  models: ['caller-1'],
  capabilities: { 'caller-1': { tools: true, parallelToolCalls: true, structuredOutput: true } },
  defaultAnswer: async function* ({ messages }) {
    if (messages.at(-1)?.role === 'tool') {
      yield 'Looked it up.';
      return;
    }
    yield { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', arguments: JSON.stringify({ name: EVIL_NAME }) };
    yield { type: 'finish', finishReason: 'tool-calls' };
  },
});

let server: TestGateway;
beforeAll(async () => {
  server = await startTestGateway({ providers: [parrot, caller] });
});
afterAll(() => server.close());

/** Asks for `answer` under `schema` (response_format json_schema). */
const ask = (answer: string, schema: unknown, stream = false) =>
  server.chat({
    model: 'parrot-1',
    stream,
    messages: [{ role: 'user', content: answer }],
    response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } },
  });

describe('patterns run in linear time', () => {
  it("checks '^(a+)+$' against forty a's and '!' at once (a backtracking engine would block the gateway for hours)", async () => {
    const evil = { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } }, required: ['name'] };

    const refused = await ask(JSON.stringify({ name: `${'a'.repeat(40)}!` }), evil);
    const accepted = await ask(JSON.stringify({ name: 'a'.repeat(40) }), evil);

    expect(refused.status).toBe(502);
    expect((await json(refused)).error.message).toContain('/name must match pattern "^(a+)+$"');
    expect(accepted.status).toBe(200);
  });

  it("takes '^(a+)+$' in a tool's parameters, with a call of thirty a's and '!' made and answered, the event loop free", async () => {
    const lookup = {
      type: 'function',
      function: { name: 'lookup', parameters: { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } }, required: ['name'] } },
    };
    const call = { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ name: EVIL_NAME }) } };
    const ask = [{ role: 'user', content: 'Look it up' }];
    const watch = watchLiveness(server.url);

    const called = await server.chat({ model: 'caller-1', messages: ask, tools: [lookup] });
    const calledBody = await json(called);
    const answered = await server.chat({
      model: 'caller-1',
      messages: [...ask, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: 'call_1', content: 'not found' }],
      tools: [lookup],
    });
    const answeredBody = await json(answered);
    const liveness = await watch.stop();

    // The gateway hands the call to the client as the model made it: the client runs the tool.
    expect(called.status).toBe(200);
    expect(calledBody.choices[0].message.tool_calls).toEqual([call]);
    expect(answered.status).toBe(200);
    expect(answeredBody.choices[0].message.content).toBe('Looked it up.');
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });

  it('refuses a pattern it cannot run in linear time with a 400 naming the keyword, before any request', async () => {
    const before = parrot.calls.length;
    const response = await ask('{}', { type: 'object', properties: { name: { type: 'string', pattern: '(?=a)a' } } });

    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'response_format.schema.properties.name.pattern' });
    expect(error.message).toContain('no lookahead, lookbehind or backreferences');
    expect(parrot.calls.length).toBe(before);
  });
});

describe('no request reaches another request’s schema', () => {
  it('takes the same $id in two requests with different schemas (the second is not a 500)', async () => {
    const id = 'https://example.com/person.json';
    const first = await ask('{"name":"Ada"}', { $id: id, type: 'object', required: ['name'] });
    const second = await ask('{"name":"Ada"}', { $id: id, type: 'object', required: ['species'] });

    expect(first.status).toBe(200);
    expect(second.status).toBe(502);
    expect((await json(second)).error.message).toContain("must have required property 'species'");
  });

  it('refuses a $ref to a schema another request declared, with a 400 (it is not resolved)', async () => {
    expect((await ask('"x"', { $id: 'urn:x:shared', type: 'string' })).status).toBe(200);

    const response = await ask('{"leak":"x"}', { type: 'object', properties: { leak: { $ref: 'urn:x:shared' } } });

    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ param: 'response_format.schema.properties.leak.$ref' });
  });

  it('answers 400 for a $ref that never ends and a schema nested 10,000 deep (not 500, not a stack overflow)', async () => {
    // Written as text: JSON.stringify itself would overflow the stack on it.
    const deep = `${'{"not":'.repeat(10_000)}{}${'}'.repeat(10_000)}`;
    const body = `{"model":"parrot-1","messages":[{"role":"user","content":"{}"}],"response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":${deep}}}}`;

    const endless = await ask('{}', { $ref: '#' });
    const nested = await server.chat(body);

    expect(endless.status).toBe(400);
    expect((await json(endless)).error.message).toContain('refers back to itself');
    // The gateway's body depth limit answers first; core's limits.maxNestingDepth stands behind it.
    expect(nested.status).toBe(400);
    expect((await json(nested)).error.message).toMatch(/nest(s|ed) .*(more than )?64/);
  });

  it('validates an absent optional property named toString or constructor as absent', async () => {
    const response = await ask('{"name":"Ada"}', {
      type: 'object',
      properties: { name: { type: 'string' }, toString: { type: 'string' }, constructor: { type: 'number' } },
    });

    expect(response.status).toBe(200);
  });
});

describe('streamed json_schema answers', () => {
  const person = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };

  it('are checked at the end like non-streamed ones: a broken answer ends the stream with an error event, never [DONE]', async () => {
    const response = await ask('{"age":"old"}', person, true);

    expect(response.status).toBe(200);
    const events = sseData(await response.text());
    expect(events).not.toContain('[DONE]');
    const last = JSON.parse(events.at(-1)!);
    expect(last.error).toMatchObject({ code: 'upstream_error', message: expect.stringContaining('/age must be integer') });
  });

  it('end with [DONE] when the answer holds', async () => {
    const events = sseData(await (await ask('{"age":36}', person, true)).text());

    expect(events.at(-1)).toBe('[DONE]');
    expect(events.some((event) => event.includes('"finish_reason":"stop"'))).toBe(true);
  });
});
