import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { readEvents } from './read-events.js';

function streamOf(pieces: readonly (string | Uint8Array)[], onCancel?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[index++];
      if (piece === undefined) controller.close();
      else controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
    },
    cancel: onCancel,
  });
}

const oversize = (limit: number): never => {
  throw new Error(`over ${limit}`);
};

async function eventsOf(body: AsyncIterable<Uint8Array>, maxBufferSize?: number) {
  const events = [];
  for await (const event of readEvents(body, { onOversize: oversize, ...(maxBufferSize ? { maxBufferSize } : {}) }))
    events.push({ event: event.event, data: event.data });
  return events;
}

const STREAM = ': keep-alive\n\ndata: {"a":1}\n\nevent: error\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n';
const EXPECTED = [
  { event: undefined, data: '{"a":1}' },
  { event: 'error', data: '{"b":\n2}' },
  { event: undefined, data: '[DONE]' },
];

describe('readEvents', () => {
  it('reads data events, named events and multi-line data, and skips comments', async () => {
    expect(await eventsOf(streamOf([STREAM]))).toEqual(EXPECTED);
  });

  it('gives the same events however the bytes are split, with LF, CRLF or CR line endings', async () => {
    for (const ending of ['\n', '\r\n', '\r']) {
      const bytes = new TextEncoder().encode(STREAM.replaceAll('\n', ending));
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(await eventsOf(streamOf([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual(EXPECTED);
      }
    }
  });

  it("reads a Node stream as it is (the hot path reads undici's body without a WHATWG adapter)", async () => {
    const body = Readable.from([Buffer.from(STREAM.slice(0, 20)), Buffer.from(STREAM.slice(20))]);
    expect(await eventsOf(body)).toEqual(EXPECTED);
  });

  it('hands over the events already parsed from a read without waiting, and none past them', async () => {
    const events = readEvents(streamOf(['data: 1\n\ndata: 2\n\ndata: 3\n', '\ndata: 4\n\n']), { onOversize: oversize });
    expect(events.takeParsed()).toBeUndefined();
    expect((await events.next()).value?.data).toBe('1');
    // The first read held three events, the last of them cut before its blank line.
    expect([events.takeParsed()?.data, events.takeParsed()?.data]).toEqual(['2', undefined]);
    expect((await events.next()).value?.data).toBe('3');
    expect([events.takeParsed()?.data, events.takeParsed()]).toEqual(['4', undefined]);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('decodes a multi-byte character split across network chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"content":"héllo 🌍"}\r\n\r\n');
    expect(await eventsOf(streamOf(Array.from(bytes, (byte) => Uint8Array.of(byte))))).toEqual([{ event: undefined, data: '{"content":"héllo 🌍"}' }]);
  });

  it('delivers a last event that lacks its closing blank line', async () => {
    expect(await eventsOf(streamOf(['data: 1\n\ndata: [DONE]']))).toEqual([
      { event: undefined, data: '1' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    for await (const event of readEvents(
      streamOf(['data: 1\n\n', 'data: 2\n\n'], () => (cancelled = true)),
      { onOversize: oversize },
    )) {
      expect(event.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('gives up on a line that never ends, and cancels the body', async () => {
    let cancelled = false;
    const endless = streamOf(['data: ', 'x'.repeat(600), 'x'.repeat(600), 'more'], () => (cancelled = true));
    const error = await eventsOf(endless, 1_000).catch((caught: unknown) => caught);
    expect(error).toEqual(new Error('over 1000'));
    expect(cancelled).toBe(true);
  });
});
