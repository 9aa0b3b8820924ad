import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { parseHttpUrl } from './parse-http-url.js';

const argument = 'providerOptions.dynaspark.baseUrl';

function refusal(value: unknown, allowCredentials = false): InvalidArgumentError {
  try {
    parseHttpUrl(value, { argument, allowCredentials });
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

describe('parseHttpUrl', () => {
  it('returns an http(s) URL without its trailing slashes', () => {
    expect(parseHttpUrl('http://127.0.0.1:8787', { argument })).toBe('http://127.0.0.1:8787');
    expect(parseHttpUrl('https://dynaspark.onrender.com/', { argument })).toBe('https://dynaspark.onrender.com');
    expect(parseHttpUrl('https://api.example.com/v1//', { argument })).toBe('https://api.example.com/v1');
  });

  it('keeps inner runs of slashes, in linear time (a /\\/+$/ pattern backtracks over each of them)', () => {
    const path = `/a${'/'.repeat(200_000)}b`;
    expect(parseHttpUrl(`http://127.0.0.1:8787${path}///`, { argument })).toBe(`http://127.0.0.1:8787${path}`);
  });

  it('normalises the URL the way WHATWG URL does', () => {
    expect(parseHttpUrl('HTTP://Example.COM:80/v1', { argument })).toBe('http://example.com/v1');
  });

  it('accepts credentials when asked to (proxy URLs)', () => {
    expect(parseHttpUrl('http://user:p%40ss@127.0.0.1:3128', { argument: 'options.proxy', allowCredentials: true })).toBe('http://user:p%40ss@127.0.0.1:3128');
  });

  it.each([
    [undefined, 'expected an http(s) URL string such as'],
    [8787, 'got 8787'],
    ['  ', 'expected an http(s) URL string'],
    ['127.0.0.1:8787', 'is not a valid URL'],
    ['localhost:8787', "uses 'localhost:'"],
    ['localhost', 'is not a valid URL'],
    ['ftp://example.com', "uses 'ftp:'; only http: and https: are supported"],
    ['socks5://127.0.0.1:1080', "uses 'socks5:'"],
    ['http://user:secret@example.com', 'credentials in the URL are not allowed here'],
    ['http://example.com/?key=1', 'has a query or fragment'],
    ['http://example.com/#top', 'has a query or fragment'],
  ])('refuses %j, naming the option', (value, fact) => {
    const error = refusal(value);

    expect(error.argument).toBe(argument);
    expect(error.message).toContain(fact);
  });
});
