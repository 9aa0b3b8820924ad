import type { LoadedMedia } from '@switchboard/core';
import { buildFormBody, buildHeaders } from './build-request.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const image: LoadedMedia = { data: png, mediaType: 'image/png', fileName: 'cat.png', origin: 'media[0]' };

describe('buildFormBody', () => {
  it('sends text-only requests urlencoded, user_input first then ai_model', () => {
    const { body, contentType } = buildFormBody({ prompt: 'User: a & b\nAssistant:', model: 'gemini-2.0-flash' });
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(body).toBe('user_input=User%3A+a+%26+b%0AAssistant%3A&ai_model=gemini-2.0-flash');
    const parsed = new URLSearchParams(body as string);
    expect(parsed.get('user_input')).toBe('User: a & b\nAssistant:');
  });

  it('sends an image as multipart with the prompt line breaks unchanged (no \\r\\n rewrite)', () => {
    const { body, contentType } = buildFormBody({ prompt: 'line 1\nline 2', model: 'gemini-1.5-flash', image });
    const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
    const text = Buffer.from(body as Uint8Array).toString('latin1');
    expect(text.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="user_input"\r\n\r\nline 1\nline 2\r\n`)).toBe(true);
    expect(text).toContain(`name="ai_model"\r\n\r\ngemini-1.5-flash\r\n`);
    expect(text).toContain(`name="file"; filename="cat.png"\r\nContent-Type: image/png\r\n\r\n`);
    expect(text.endsWith(`\r\n--${boundary}--\r\n`)).toBe(true);
    expect(Buffer.from(body as Uint8Array).includes(Buffer.from(png))).toBe(true);
    expect(text.indexOf('user_input')).toBeLessThan(text.indexOf('ai_model'));
    expect(text.indexOf('ai_model')).toBeLessThan(text.indexOf('name="file"'));
  });

  it('names the file "file" when the caller gave no name', () => {
    const { body } = buildFormBody({ prompt: 'x', model: 'm', image: { ...image, fileName: undefined } });
    expect(Buffer.from(body as Uint8Array).toString('latin1')).toContain('filename="file"');
  });

  it('uses a new boundary per request', () => {
    const a = buildFormBody({ prompt: 'x', model: 'm', image }).contentType;
    const b = buildFormBody({ prompt: 'x', model: 'm', image }).contentType;
    expect(a).not.toBe(b);
  });
});

describe('buildHeaders', () => {
  it('sends the gpt4free headers for the service origin', () => {
    expect(buildHeaders({ origin: 'https://dynaspark.onrender.com', userAgent: 'UA' })).toEqual({
      accept: '*/*',
      'accept-language': 'en-US,en;q=0.9',
      origin: 'https://dynaspark.onrender.com',
      referer: 'https://dynaspark.onrender.com/',
      'user-agent': 'UA',
      'x-requested-with': 'XMLHttpRequest',
    });
  });
});
