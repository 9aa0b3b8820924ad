import { describe, expect, it } from '@jest/globals';
import { readServerSentEvents } from './read-server-sent-events.js';

function streamOf(pieces: readonly Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(pieces[index++]!);
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe('readServerSentEvents', () => {
  it('decodes a multi-byte character split across network chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"content":"héllo 🌍"}\n\n');
    const events = [];
    for await (const event of readServerSentEvents(streamOf(Array.from(bytes, (byte) => Uint8Array.of(byte))))) events.push(event);
    expect(events).toEqual([{ event: undefined, data: '{"content":"héllo 🌍"}' }]);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    const body = streamOf([encoder.encode('data: 1\n\n'), encoder.encode('data: 2\n\n')], () => {
      cancelled = true;
    });
    for await (const event of readServerSentEvents(body)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
