import { describe, expect, it } from '@jest/globals';
import { createSseParser } from './create-sse-parser.js';
import type { ServerSentEvent } from './server-sent-event.js';

function parseInPieces(pieces: readonly string[]): ServerSentEvent[] {
  const parser = createSseParser();
  return [...pieces.flatMap((piece) => parser.push(piece)), ...parser.end()];
}

const STREAM = ': keep-alive\n\ndata: {"a":1}\n\nevent: error\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n';
const EXPECTED: ServerSentEvent[] = [
  { event: undefined, data: '{"a":1}' },
  { event: 'error', data: '{"b":\n2}' },
  { event: undefined, data: '[DONE]' },
];

describe('createSseParser', () => {
  it('reads data events, named events, multi-line data, and skips comments', () => {
    expect(parseInPieces([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events however the text is split', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(parseInPieces([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    }
    expect(parseInPieces([...STREAM])).toEqual(EXPECTED);
  });

  it('accepts CRLF and lone CR line endings, even with CRLF split across chunks', () => {
    const crlf = STREAM.replaceAll('\n', '\r\n');
    for (let cut = 0; cut <= crlf.length; cut++) {
      expect(parseInPieces([crlf.slice(0, cut), crlf.slice(cut)])).toEqual(EXPECTED);
    }
    expect(parseInPieces([STREAM.replaceAll('\n', '\r')])).toEqual(EXPECTED);
  });

  it('drops one space after the colon, keeps the rest, and accepts no space', () => {
    expect(parseInPieces(['data:x\n\ndata:  y\n\n'])).toEqual([
      { event: undefined, data: 'x' },
      { event: undefined, data: ' y' },
    ]);
  });

  it('ignores id, retry, unknown fields and blank lines without data', () => {
    expect(parseInPieces(['\n\nid: 7\nretry: 100\nfoo: bar\n\ndata\n\n'])).toEqual([{ event: undefined, data: '' }]);
  });

  it('delivers a last event that lacks its closing blank line', () => {
    expect(parseInPieces(['data: {"a":1}\n\ndata: [DONE]'])).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('returns events as soon as they are complete', () => {
    const parser = createSseParser();
    expect(parser.push('data: one\n')).toEqual([]);
    expect(parser.push('\ndata: tw')).toEqual([{ event: undefined, data: 'one' }]);
    expect(parser.push('o\n\n')).toEqual([{ event: undefined, data: 'two' }]);
    expect(parser.end()).toEqual([]);
  });
});
