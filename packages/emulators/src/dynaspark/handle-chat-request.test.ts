import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { withFreshEmulator } from '../shared/__fixtures__/both-emulators.js';
import { BOUNDARY, field, filePart, multipartBody, PNG, postForm, postMultipart } from './__fixtures__/dynaspark-requests.js';
import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('POST /generate_response (handleChatRequest)', () => {
  let emulator: DynasparkEmulator;
  withFreshEmulator(startDynasparkEmulator, (started) => (emulator = started));

  it('answers a urlencoded form with a deterministic echo and records it byte-exactly', async () => {
    const res = await fetch(`${emulator.url}/generate_response`, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user_input=System%3A+Be+brief%0AUser%3A+Hi+%26+bye%0AAssistant%3A&ai_model=gemini-2.0-flash',
    });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ response: 'Echo from gemini-2.0-flash: User: Hi & bye' });
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/generate_response',
      contentType: 'application/x-www-form-urlencoded',
      fields: { user_input: 'System: Be brief\nUser: Hi & bye\nAssistant:', ai_model: 'gemini-2.0-flash' },
    });
    expect(recorded?.headers['x-requested-with']).toBe('XMLHttpRequest');
    expect(recorded?.rawBody.toString()).toBe('user_input=System%3A+Be+brief%0AUser%3A+Hi+%26+bye%0AAssistant%3A&ai_model=gemini-2.0-flash');
    expect(recorded?.file).toBeUndefined();
    expect(recorded?.parts).toBeUndefined();
  });

  it('records the request headers in the order they arrived, names in the case sent', async () => {
    const body = 'user_input=Hi&ai_model=gemini-1.5-flash';
    await new Promise<void>((resolve, reject) => {
      const headers = {
        Accept: '*/*',
        'Accept-Language': 'en-US,en;q=0.9',
        'X-Requested-With': 'XMLHttpRequest',
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(body.length),
      };
      request(`${emulator.url}/generate_response`, { method: 'POST', headers }, (res) => res.resume().on('end', resolve))
        .on('error', reject)
        .end(body);
    });

    const names = emulator.requests[0]?.rawHeaders.map(([name]) => name);

    expect(names).toEqual(['Accept', 'Accept-Language', 'X-Requested-With', 'Content-Type', 'Content-Length', 'Host', 'Connection']);
    expect(emulator.requests[0]?.rawHeaders[2]).toEqual(['X-Requested-With', 'XMLHttpRequest']);
  });

  it('answers a multipart form with an image and records fields, file and parts exactly', async () => {
    const res = await postMultipart(emulator, [
      field('user_input', 'line one\nline two: what is this?'),
      field('ai_model', 'gemini-1.5-flash'),
      filePart({ fileName: 'cät.png', contentType: 'image/png', body: PNG }),
    ]);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response: `Echo from gemini-1.5-flash: line two: what is this? [image: image/png, ${PNG.length} bytes]`,
    });
    const [recorded] = emulator.requests;
    expect(recorded?.fields).toEqual({ user_input: 'line one\nline two: what is this?', ai_model: 'gemini-1.5-flash' });
    expect(recorded?.fields.user_input).not.toContain('\r');
    expect(recorded?.file).toEqual({ fileName: 'cät.png', contentType: 'image/png', size: PNG.length, sha256: sha256(PNG), bytes: PNG });
    expect(recorded?.contentType).toBe(`multipart/form-data; boundary=${BOUNDARY}`);
    expect(recorded?.rawBody.includes(PNG)).toBe(true);
    expect(recorded?.parts?.map(({ name, fileName, size }) => ({ name, fileName, size }))).toEqual([
      { name: 'user_input', fileName: undefined, size: Buffer.byteLength('line one\nline two: what is this?') },
      { name: 'ai_model', fileName: undefined, size: 'gemini-1.5-flash'.length },
      { name: 'file', fileName: 'cät.png', size: PNG.length },
    ]);
  });

  it('treats a part with filename="" as the file (Werkzeug semantics), and records the parts as aiohttp wrote them', async () => {
    // What g4f's last version sent for an unnamed image: aiohttp writes each part's content type
    // before its disposition, and gives text fields a text/plain content type.
    const text = ['Content-Type: text/plain; charset=utf-8'];
    const body = multipartBody([
      { headers: [...text, 'Content-Disposition: form-data; name="user_input"'], body: 'What is this?' },
      { headers: [...text, 'Content-Disposition: form-data; name="ai_model"'], body: 'gemini-2.0-flash' },
      { headers: ['Content-Type: image/png', 'Content-Disposition: form-data; name="file"; filename=""'], body: PNG },
    ]);

    const res = await fetch(`${emulator.url}/dsai_fuck_u_spammer`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body,
    });

    expect(await res.json()).toEqual({ response: `Echo from gemini-2.0-flash: What is this? [image: image/png, ${PNG.length} bytes]` });
    const [recorded] = emulator.requests;
    expect(recorded?.rawBody.equals(body)).toBe(true);
    expect(recorded?.fields).toEqual({ user_input: 'What is this?', ai_model: 'gemini-2.0-flash' });
    expect(recorded?.file).toMatchObject({ fileName: '', contentType: 'image/png', size: PNG.length, bytes: PNG });
    expect(recorded?.parts?.map((part) => part.headers)).toEqual([
      [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Disposition', 'form-data; name="user_input"'],
      ],
      [
        ['Content-Type', 'text/plain; charset=utf-8'],
        ['Content-Disposition', 'form-data; name="ai_model"'],
      ],
      [
        ['Content-Type', 'image/png'],
        ['Content-Disposition', 'form-data; name="file"; filename=""'],
      ],
    ]);
    expect(recorded?.parts?.[2]).toMatchObject({ name: 'file', fileName: '', contentType: 'image/png', bytes: PNG });
  });

  it('keeps a percent-encoded file name as sent, and decodes a filename* one', async () => {
    await postMultipart(emulator, [
      field('user_input', 'Hi'),
      field('ai_model', 'gemini-1.5-flash'),
      filePart({ fileName: 'c%C3%A4t.png', contentType: 'image/png', body: PNG }),
    ]);
    await postMultipart(emulator, [
      field('user_input', 'Hi'),
      field('ai_model', 'gemini-1.5-flash'),
      { headers: ['Content-Disposition: form-data; name="file"; filename*=UTF-8\'\'c%C3%A4t.png', 'Content-Type: image/png'], body: PNG },
    ]);

    expect(emulator.requests.map((recorded) => recorded.file?.fileName)).toEqual(['c%C3%A4t.png', 'cät.png']);
  });

  it('ignores the empty, nameless file part a browser sends when no file was chosen', async () => {
    const res = await postMultipart(emulator, [
      field('user_input', 'Hi'),
      field('ai_model', 'gemini-1.5-flash'),
      filePart({ fileName: '', contentType: 'application/octet-stream', body: '' }),
    ]);

    expect(await res.json()).toEqual({ response: 'Echo from gemini-1.5-flash: Hi' });
    expect(emulator.requests[0]?.file).toBeUndefined();
  });

  it('accepts a FormData body built by fetch itself', async () => {
    const form = new FormData();
    form.append('user_input', 'Describe');
    form.append('ai_model', 'gemini-2.0-flash-lite');
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'file');

    const res = await fetch(`${emulator.url}/generate_response`, { method: 'POST', body: form });

    expect(await res.json()).toEqual({ response: `Echo from gemini-2.0-flash-lite: Describe [image: image/png, ${PNG.length} bytes]` });
  });

  it.each([
    ['user_input is missing', { ai_model: 'gemini-1.5-flash' }, 'Missing user_input'],
    ['user_input is empty', { user_input: '', ai_model: 'gemini-1.5-flash' }, 'Missing user_input'],
    ['ai_model is missing', { user_input: 'Hi' }, 'Missing ai_model'],
    ['ai_model is empty', { user_input: 'Hi', ai_model: '' }, 'Missing ai_model'],
    ['ai_model is unknown', { user_input: 'Hi', ai_model: 'gpt-4o' }, "Unsupported model 'gpt-4o'"],
  ])('answers 400 JSON when %s', async (_case, fields, message) => {
    const res = await postForm(emulator, fields);

    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toContain(message);
  });

  it('lists the supported models when the model is unknown', async () => {
    const res = await postForm(emulator, { user_input: 'Hi', ai_model: 'gemini-pro' });

    expect(await res.json()).toEqual({
      error: "Unsupported model 'gemini-pro'; supported models: gemini-1.5-flash, gemini-1.5-flash-8b, gemini-2.0-flash, gemini-2.0-flash-lite",
    });
  });

  it('answers 400 when the file is not a JPEG, PNG, GIF or WEBP image', async () => {
    const res = await postMultipart(emulator, [
      field('user_input', 'Hi'),
      field('ai_model', 'gemini-1.5-flash'),
      filePart({ fileName: 'doc.pdf', contentType: 'image/png', body: '%PDF-1.7 not an image' }),
    ]);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Unsupported file 'doc.pdf': expected a JPEG, PNG, GIF or WEBP image" });
  });

  it.each([
    ['no boundary', 'multipart/form-data', 'no boundary here', 'the content-type has no boundary'],
    [
      'a truncated body',
      `multipart/form-data; boundary=${BOUNDARY}`,
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="user_input"\r\n\r\nHi`,
      'part 1 does not end with a boundary',
    ],
  ])('answers 400 for a malformed multipart body: %s', async (_case, contentType, body, reason) => {
    const res = await fetch(`${emulator.url}/generate_response`, { method: 'POST', headers: { 'content-type': contentType }, body });

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: `Malformed multipart body: ${reason}` });
  });

  it('answers 415 for a JSON body and still records what arrived', async () => {
    const res = await fetch(`${emulator.url}/generate_response`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user_input":"Hi"}',
    });

    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toContain("Unsupported content type 'application/json'");
    expect(emulator.requests[0]?.rawBody.toString()).toBe('{"user_input":"Hi"}');
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    const res = await fetch(`${emulator.url}/generate_response`);

    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: string }).error).toContain('use POST');
  });

  it('echoes the last line of a one-message prompt as it is', async () => {
    const res = await postForm(emulator, { user_input: 'Assistant:', ai_model: 'gemini-1.5-flash-8b' });

    expect(await res.json()).toEqual({ response: 'Echo from gemini-1.5-flash-8b: Assistant:' });
  });
});
