import { describe, expect, it } from '@jest/globals';
import { JsonDepthScanner } from './json-depth-scanner.js';

const scan = (limit: number, ...chunks: string[]) => {
  const scanner = new JsonDepthScanner(limit);
  return chunks.every((chunk) => scanner.push(Buffer.from(chunk)));
};

describe('JsonDepthScanner', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(scan(3, '{"a":[[1]]}')).toBe(true);
    expect(scan(3, '{"a":[[[1]]]}')).toBe(false);
  });

  it('counts depth, not brackets: siblings do not add up', () => {
    expect(scan(2, `[${'[1],'.repeat(10_000)}[2]]`)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(scan(1, '{"text": "[[[{{{ \\" [[[ \\\\"}')).toBe(true);
    // The string ends at the unescaped quote after the escaped backslash; the brackets after it count.
    expect(scan(1, '{"text": "\\\\", "x": [1]}')).toBe(false);
  });

  it('keeps its place across chunks, even mid-string and mid-escape', () => {
    expect(scan(1, '{"a": "[[', '[\\', '"]]"}')).toBe(true);
    expect(scan(2, '[', '[', '[')).toBe(false);
  });

  it('reads multi-byte UTF-8 as bytes that are never brackets', () => {
    expect(scan(1, '{"emoji": "😀 ❌ ［］"}')).toBe(true);
  });
});
