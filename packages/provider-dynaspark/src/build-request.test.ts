import type { LoadedMedia } from '@switchboard/core/provider';
import { TINY_PNG } from '@switchboard/core/testing';
import { buildHeaders, buildRequest } from './build-request.js';

const image: LoadedMedia = { data: TINY_PNG, mediaType: 'image/png', fileName: 'cat.png', origin: 'media[0]' };
const boundaryOf = (contentType: string) => /^multipart\/form-data; boundary=(.+)$/.exec(contentType)![1]!;

describe('buildRequest without an image: urlencoded as Python writes it', () => {
  it('puts user_input first, then ai_model, encoded as urlencode() does (space +, * as %2A, ~ kept)', () => {
    const { body, contentType } = buildRequest({ prompt: 'User: a & b*\nAssistant: ~ok~', model: 'gemini-2.0-flash' });
    expect(contentType).toBe('application/x-www-form-urlencoded');
    // CPython 3: urlencode({'user_input': 'User: a & b*\nAssistant: ~ok~', 'ai_model': 'gemini-2.0-flash'})
    expect(body).toBe('user_input=User%3A+a+%26+b%2A%0AAssistant%3A+~ok~&ai_model=gemini-2.0-flash');
    expect(new URLSearchParams(body as string).get('user_input')).toBe('User: a & b*\nAssistant: ~ok~');
  });
});

describe('buildRequest with an image: multipart as aiohttp writes it', () => {
  it('writes every part content type first, then its disposition; the text parts are text/plain UTF-8', () => {
    const { body, contentType } = buildRequest({ prompt: 'line 1\nline 2', model: 'gemini-1.5-flash', image });
    const boundary = boundaryOf(contentType);
    const expected = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="user_input"\r\n\r\nline 1\nline 2\r\n` +
          `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="ai_model"\r\n\r\ngemini-1.5-flash\r\n` +
          `--${boundary}\r\nContent-Type: image/png\r\nContent-Disposition: form-data; name="file"; filename="cat.png"\r\n\r\n`,
      ),
      TINY_PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(Buffer.from(body as Uint8Array).equals(expected)).toBe(true);
  });

  it('uses a boundary like aiohttp: 32 lower-case hex digits, new for every request', () => {
    const first = boundaryOf(buildRequest({ prompt: 'x', model: 'm', image }).contentType);
    const second = boundaryOf(buildRequest({ prompt: 'x', model: 'm', image }).contentType);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });

  it('percent-encodes the file name as quote(name, safe="") does', () => {
    const text = (fileName: string | undefined) =>
      Buffer.from(buildRequest({ prompt: 'x', model: 'm', image: { ...image, fileName } }).body as Uint8Array).toString('latin1');
    expect(text('my cat (1)*.png')).toContain('filename="my%20cat%20%281%29%2A.png"');
    expect(text('chat-été~.png')).toContain('filename="chat-%C3%A9t%C3%A9~.png"');
    expect(text('a"b\r\nX-Evil: 1.png')).toContain('filename="a%22b%0D%0AX-Evil%3A%201.png"');
  });

  it('names the file "file" when the caller gave no name', () => {
    const { body } = buildRequest({ prompt: 'x', model: 'm', image: { ...image, fileName: undefined } });
    expect(Buffer.from(body as Uint8Array).toString('latin1')).toContain('name="file"; filename="file"\r\n');
  });
});

describe('buildHeaders', () => {
  it("sends gpt4free's headers for the service origin, and the encodings its HTTP library accepted", () => {
    expect(buildHeaders({ origin: 'https://dynaspark.onrender.com', userAgent: 'UA' })).toEqual({
      accept: '*/*',
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'en-US,en;q=0.9',
      origin: 'https://dynaspark.onrender.com',
      referer: 'https://dynaspark.onrender.com/',
      'user-agent': 'UA',
      'x-requested-with': 'XMLHttpRequest',
    });
  });
});
