import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@switchboard/core';
import { escapeLogText, escapingLogger } from './escape-log-fields.js';

describe('escapingLogger', () => {
  it('escapes line breaks and control characters in fields, errors and the message', () => {
    const lines: [Record<string, unknown>, string | undefined][] = [];
    const sink: Logger = { error: () => {}, warn: (fields, message) => lines.push([fields, message]), info: () => {}, debug: () => {}, child: () => sink };

    escapingLogger(sink).warn({ model: 'a\r\nb\u2028c', nested: { name: 'x\ny' }, err: new TypeError('bad\nline'), count: 3 }, 'failed\r\n');

    const [fields, message] = lines[0]!;
    expect(message).toBe('failed\\r\\n');
    expect(fields).toMatchObject({ model: 'a\\r\\nb\\u2028c', nested: { name: 'x\\ny' }, count: 3 });
    expect(fields['err']).toBeInstanceOf(TypeError);
    expect((fields['err'] as Error).message).toBe('bad\\nline');
  });

  it('escapes tabs too, and leaves the rest of the text as it is', () => {
    expect(escapeLogText('plain text, "quoted" and tabs\tgone')).toBe('plain text, "quoted" and tabs\\tgone');
  });
});
