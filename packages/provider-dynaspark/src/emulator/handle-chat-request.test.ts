import { createHash } from 'node:crypto';
import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

/** Built by hand so the test controls every byte (a `\n` in a value must stay `\n`). */
function multipart(boundary: string, parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.fileName !== undefined) head += `; filename="${part.fileName}"`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function postForm(emulator: DynasparkEmulator, fields: Record<string, string>, path = '/generate_response'): Promise<Response> {
  return fetch(`${emulator.url}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
}

function postMultipart(emulator: DynasparkEmulator, parts: Part[]): Promise<Response> {
  const boundary = '----switchboard-test-boundary';
  return fetch(`${emulator.url}/generate_response`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: multipart(boundary, parts),
  });
}
describe('POST /generate_response (handleChatRequest)', () => {
  let emulator: DynasparkEmulator;

  beforeEach(async () => {
    emulator = await startDynasparkEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

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
    expect(recorded?.rawBody?.toString()).toBe(
      'user_input=System%3A+Be+brief%0AUser%3A+Hi+%26+bye%0AAssistant%3A&ai_model=gemini-2.0-flash',
    );
    expect(recorded?.file).toBeUndefined();
  });

  it('answers a multipart form with an image and records fields and file exactly', async () => {
    const res = await postMultipart(emulator, [
      { name: 'user_input', value: 'line one\nline two: what is this?' },
      { name: 'ai_model', value: 'gemini-1.5-flash' },
      { name: 'file', value: PNG, fileName: 'cät.png', contentType: 'image/png' },
    ]);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response: `Echo from gemini-1.5-flash: line two: what is this? [image: image/png, ${PNG.length} bytes]`,
    });
    const [recorded] = emulator.requests;
    expect(recorded?.fields).toEqual({ user_input: 'line one\nline two: what is this?', ai_model: 'gemini-1.5-flash' });
    expect(recorded?.fields.user_input).not.toContain('\r');
    expect(recorded?.file).toEqual({
      fileName: 'cät.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    expect(recorded?.contentType).toBe('multipart/form-data; boundary=----switchboard-test-boundary');
    expect(recorded?.rawBody?.includes(PNG)).toBe(true);
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
      { name: 'user_input', value: 'Hi' },
      { name: 'ai_model', value: 'gemini-1.5-flash' },
      { name: 'file', value: Buffer.from('%PDF-1.7 not an image'), fileName: 'doc.pdf', contentType: 'image/png' },
    ]);

    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Unsupported file 'doc.pdf': expected a JPEG, PNG, GIF or WEBP image" });
  });

  it('answers 400 for a malformed multipart body', async () => {
    const res = await fetch(`${emulator.url}/generate_response`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'no boundary here',
    });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^Malformed multipart body/);
  });

  it('answers 415 for a JSON body and still records what arrived', async () => {
    const res = await fetch(`${emulator.url}/generate_response`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"user_input":"Hi"}',
    });

    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toContain("Unsupported content type 'application/json'");
    expect(emulator.requests[0]?.rawBody?.toString()).toBe('{"user_input":"Hi"}');
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
