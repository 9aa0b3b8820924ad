import { pythonQuote } from './python-quote.js';

// Expected values are what CPython 3 prints for `quote(text, safe='')` and `quote_plus(text, safe='')`.
describe('pythonQuote (urllib.parse.quote with safe="")', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['gemini-2.0-flash_A~z9', 'gemini-2.0-flash_A~z9', 'gemini-2.0-flash_A~z9'],
    ['', '', ''],
    ['a b', 'a%20b', 'a+b'],
    ["*~!'()", '%2A~%21%27%28%29', '%2A~%21%27%28%29'],
    ['é😀', '%C3%A9%F0%9F%98%80', '%C3%A9%F0%9F%98%80'],
    ['a/b?c=d&e#f', 'a%2Fb%3Fc%3Dd%26e%23f', 'a%2Fb%3Fc%3Dd%26e%23f'],
    ['"quoted"\r\n', '%22quoted%22%0D%0A', '%22quoted%22%0D%0A'],
    ['%41', '%2541', '%2541'],
    ['+', '%2B', '%2B'],
  ])('%j -> %s (quote), %s (quote_plus)', (text, quoted, quotedPlus) => {
    expect(pythonQuote(text)).toBe(quoted);
    expect(pythonQuote(text, { plus: true })).toBe(quotedPlus);
  });

  it('encodes a lone surrogate as the UTF-8 encoder writes it (U+FFFD) instead of throwing like encodeURIComponent', () => {
    expect(pythonQuote('a\ud800b')).toBe('a%EF%BF%BDb');
  });
});
