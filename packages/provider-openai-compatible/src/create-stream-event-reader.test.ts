import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createStreamEventReader } from './create-stream-event-reader.js';
import { parseResponse } from './parse-response.js';

const context = { provider: 'openai-compatible', model: 'm', url: 'http://127.0.0.1/v1/chat/completions' };
const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'llama' };
const event = (delta: object, finish: string | null = null, extra: object = {}) =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
const text = (content: string) => event({ content });

/** What the full parse makes of an event: its chunk, or the error it throws. */
function fullParse(data: string): unknown {
  try {
    return parseResponse(data, { ...context, field: 'delta' });
  } catch (error) {
    return error;
  }
}

/** Reads every event with one reader; each result (chunk or error) next to the full parse's. */
function readAll(events: readonly string[]) {
  const read = createStreamEventReader(context);
  return events.map((data) => {
    try {
      return { data, read: read(data) as unknown, full: fullParse(data) };
    } catch (error) {
      return { data, read: error, full: fullParse(data) };
    }
  });
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('createStreamEventReader', () => {
  it('reads every event as the full parse does: text, escapes, role, tool calls, finish, usage, errors', () => {
    const events = [
      event({ role: 'assistant', content: '' }),
      text('Hello'),
      text(' world'),
      text('a "quoted" word\nand a line'),
      text('é, 漢字 and 👋'),
      text(''),
      // The same template around a string a server escaped by hand, and around bad strings.
      text('x').replace('"x"', '"\\u00e9\\/"'),
      text('x').replace('"x"', '"a\u0001b"'),
      text('x').replace('"x"', '"bad \\q escape"'),
      text('x').replace('"x"', '"unterminated'),
      text('x').replace('"x"', '42'),
      // One more field, another id, a finish reason, tool calls, usage, an error: each parsed in full.
      event({ content: 'more' }, null, { system_fingerprint: 'fp_1' }),
      JSON.stringify({ ...head, id: 'chatcmpl-2', choices: [{ index: 0, delta: { content: 'other id' }, logprobs: null, finish_reason: null }] }),
      event({ content: 'last' }, 'stop'),
      event({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":' } }] }),
      JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }),
      JSON.stringify({ error: { message: 'overloaded', type: 'server_error', code: 'overloaded' } }),
      `${text('cut')}`.slice(0, -10),
      text('back to the template'),
    ];
    for (const { data, read, full } of readAll(events)) expect({ data, read }).toEqual({ data, read: full });
  });

  it('reads the text of later events of the same shape without parsing them', () => {
    const read = createStreamEventReader(context);
    expect(read(text('first'))).toEqual({ text: 'first', toolCalls: [], finishReason: undefined, usage: undefined, id: 'chatcmpl-1', model: 'llama' });
    const parse = jest.spyOn(JSON, 'parse');
    expect([read(text('second')), read(text(' and third'))].map((chunk) => chunk.text)).toEqual(['second', ' and third']);
    expect(read(text('a "quoted" word')).text).toBe('a "quoted" word');
    // Only the escaped string itself is parsed, never the event.
    expect(parse.mock.calls).toEqual([['"a \\"quoted\\" word"']]);
    expect(read(text('second')).id).toBe('chatcmpl-1');
  });

  it('learns the template of servers that write spaces and keys in another order', () => {
    const spaced = (content: string) =>
      `{"choices": [{"delta": {"content": ${JSON.stringify(content)}}, "index": 0, "finish_reason": null}], "model": "llama", "id": "x"}`;
    const read = createStreamEventReader(context);
    read(spaced('one'));
    const parse = jest.spyOn(JSON, 'parse');
    expect(read(spaced('two')).text).toBe('two');
    expect(parse).not.toHaveBeenCalled();
  });

  it('keeps no template where the text found is not the content (a duplicate key: the last one counts)', () => {
    const duplicate = (content: string) => `{"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)},"content":"kept"}}]}`;
    const results = readAll([duplicate('kept'), duplicate('ignored'), duplicate('kept')]);
    for (const { data, read, full } of results) expect({ data, read }).toEqual({ data, read: full });
    expect(results.map(({ read }) => (read as { text: string }).text)).toEqual(['kept', 'kept', 'kept']);
  });

  it('learns a few templates per stream at most, so events that never repeat cost no more probes', () => {
    const read = createStreamEventReader(context);
    const parse = jest.spyOn(JSON, 'parse');
    // A server that sends a new field value in every event (OpenAI's `obfuscation` padding does).
    for (let index = 0; index < 10; index++) read(event({ content: `piece ${index}` }, null, { obfuscation: 'x'.repeat(index) }));
    // One parse per event, and one probe for each of the first three.
    expect(parse).toHaveBeenCalledTimes(13);
  });
});
