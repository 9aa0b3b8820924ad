// Attack: a conversation that replays a huge tool loop, one assistant message with 100,000 tool
// calls and a tool message answering each, to make the gateway match every answer and every id
// against all the calls before it. A check that scans a list for each id makes 1e10 comparisons
// here (minutes of a blocked event loop for every client); the gateway keeps the ids in a Set.
//
// 100,000 and not more: in OpenAI's wire shape a call and its answer take about 125 bytes, so
// 100,000 of each is 12 MB, under the default bodyLimit (16 MiB); 160,000 would be 19 MiB, a 413.
import { describe, expect, it } from '@jest/globals';
import { json } from '../../src/__fixtures__/start-test-gateway.js';
import { SHARED_MODEL, useEmulatedGateway } from '../../src/__fixtures__/start-emulated-gateway.js';
import { STALL_MS, watchLiveness } from './watch-liveness.js';

const server = useEmulatedGateway();
const CALLS = 100_000;
const ids = Array.from({ length: CALLS }, (_, index) => `call_${index.toString(36)}`);

/** The tool loop replayed: every call in one assistant message, then one tool message per id in `answered`. */
function toolLoop(callIds: readonly string[], answered: readonly string[] = callIds): string {
  return JSON.stringify({
    model: SHARED_MODEL,
    messages: [
      { role: 'user', content: 'Look everything up' },
      { role: 'assistant', content: null, tool_calls: callIds.map((id) => ({ id, type: 'function', function: { name: 'lookup', arguments: '{}' } })) },
      ...answered.map((id) => ({ role: 'tool', tool_call_id: id, content: 'ok' })),
    ],
  });
}

describe('a conversation with 100,000 tool calls and their answers', () => {
  it('is answered (12 MB, under bodyLimit), with the event loop free all along', async () => {
    const body = toolLoop(ids);
    expect(body.length).toBeGreaterThan(11 * 1024 * 1024);
    expect(body.length).toBeLessThan(16 * 1024 * 1024);
    const watch = watchLiveness(server.url);

    const response = await server.chat(body);
    const answer = await json(response);
    const liveness = await watch.stop();

    expect(response.status).toBe(200);
    expect(answer.choices[0].finish_reason).toBe('stop');
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
  });

  it('with one id used twice is a 400 naming the repeated id and where, before any request, with the event loop free', async () => {
    const repeated = ids[7]!;
    const body = toolLoop([...ids, repeated], ids);
    const watch = watchLiveness(server.url);

    const response = await server.chat(body);
    const { error } = await json(response);
    const liveness = await watch.stop();

    expect(response.status).toBe(400);
    expect(error).toMatchObject({ type: 'invalid_request_error', param: `messages[1].tool_calls[${CALLS}].id` });
    expect(error.message).toContain(`'${repeated}' is the id of an earlier tool call`);
    expect(liveness.slowestMs).toBeLessThan(STALL_MS);
    expect([...server.dynaspark.requests, ...server.local.requests, ...server.backup.requests]).toHaveLength(0);
  });
});
