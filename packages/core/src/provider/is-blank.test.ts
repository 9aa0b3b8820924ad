import { describe, expect, it } from '@jest/globals';
import { isBlank, pythonStrip } from './is-blank.js';

// Python's str.isspace() set, as `python3 -c "print([hex(c) for c in range(0x110000) if chr(c).isspace()])"` prints it.
const PYTHON_SPACE = new Set([
  0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

const everyCodePoint = function* () {
  for (let code = 0; code <= 0x10ffff; code++) if (code < 0xd800 || code > 0xdfff) yield code;
};

describe('isBlank', () => {
  it('agrees with Python on every code point', () => {
    const wrong: string[] = [];
    for (const code of everyCodePoint()) {
      if (isBlank(String.fromCodePoint(code)) !== PYTHON_SPACE.has(code)) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('differs from JavaScript trim() exactly on U+001C–U+001F, U+0085 and U+FEFF', () => {
    const differences: number[] = [];
    for (const code of everyCodePoint()) {
      const char = String.fromCodePoint(code);
      if (isBlank(char) !== (char.trim() === '')) differences.push(code);
    }
    expect(differences).toEqual([0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xfeff]);
  });

  it('reads whole strings: empty is blank, any other character is not', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank(' \t\u0085\u001f\n')).toBe(true);
    expect(isBlank('\ufeff')).toBe(false);
    expect(isBlank('  a  ')).toBe(false);
  });
});

describe('pythonStrip', () => {
  it('removes what Python removes from both ends, and nothing else', () => {
    expect(pythonStrip('\u0085\u001c hi there \u3000')).toBe('hi there');
    expect(pythonStrip('\ufeffhi\ufeff')).toBe('\ufeffhi\ufeff');
    expect(pythonStrip(' \t\n')).toBe('');
    expect(pythonStrip('')).toBe('');
  });

  it('strips exactly the code points isBlank calls space, on either end', () => {
    const wrong: string[] = [];
    for (const code of everyCodePoint()) {
      const char = String.fromCodePoint(code);
      if (pythonStrip(`${char}x${char}`) !== (PYTHON_SPACE.has(code) ? 'x' : `${char}x${char}`)) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('runs in linear time on long inner runs of space (a pattern with a trailing \\s+$ is quadratic there)', () => {
    const text = `a${' '.repeat(300_000)}b`;
    expect(pythonStrip(`  ${text}\n`)).toBe(text);
  });
});
