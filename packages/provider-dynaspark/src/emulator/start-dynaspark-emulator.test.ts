import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
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

describe('startDynasparkEmulator', () => {
  let emulator: DynasparkEmulator;

  beforeEach(async () => {
    emulator = await startDynasparkEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('listens on a random loopback port and reports its URL without a trailing slash', () => {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
  });

  describe('POST /generate_response', () => {
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

  describe('prompt directives', () => {
    it('#fault:<kind> applies that fault to the request', async () => {
      const res = await postForm(emulator, { user_input: 'please fail #fault:status-502', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(502);
      expect(res.headers.get('x-emulator-fault')).toBe('status-502');
      expect(emulator.stats).toMatchObject({ received: 1, answered: 0, faulted: 1 });
    });

    it('#empty answers an empty response', async () => {
      const res = await postForm(emulator, { user_input: 'say nothing #empty', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ response: '' });
    });

    it('an unknown #fault: kind is a 400 naming the known kinds', async () => {
      const res = await postForm(emulator, { user_input: '#fault:meteor', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: string };
      expect(error).toContain("Unknown fault directive '#fault:meteor'");
      expect(error).toContain('rate-limit');
    });

    it('works on the GET API too', async () => {
      const res = await fetch(`${emulator.url}/api/generate_response?user_input=${encodeURIComponent('x #fault:rate-limit')}`);

      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
    });

    it('takes precedence over the configured rules, which do not count the request', async () => {
      emulator.setFaults([{ fault: 'status-500', times: 1 }]);

      const directed = await postForm(emulator, { user_input: '#fault:status-401', ai_model: 'gemini-1.5-flash' });
      const next = await postForm(emulator, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' });

      expect(directed.status).toBe(401);
      expect(next.status).toBe(500);
    });
  });

  describe('GET /api/generate_response', () => {
    it('answers with the model, word-count usage and rate-limit headers', async () => {
      const query = new URLSearchParams({ user_input: 'What is two plus two?', model: 'gemini-2.0-flash', system: 'Be brief' });
      const res = await fetch(`${emulator.url}/api/generate_response?${query}`);

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        response: 'Echo from gemini-2.0-flash: What is two plus two?',
        model: 'gemini-2.0-flash',
        usage: { prompt_tokens: 7, completion_tokens: 8, total_tokens: 15 },
      });
      expect(res.headers.get('x-ratelimit-limit')).toBe('100');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('99');
      const reset = Number(res.headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000);
      expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3601);
      expect(emulator.requests[0]?.fields).toEqual({ user_input: 'What is two plus two?', model: 'gemini-2.0-flash', system: 'Be brief' });
    });

    it('counts the remaining quota down', async () => {
      await fetch(`${emulator.url}/api/generate_response?user_input=a`);
      const res = await fetch(`${emulator.url}/api/generate_response?user_input=b`);

      expect(res.headers.get('x-ratelimit-remaining')).toBe('98');
    });

    it('defaults the model to gemini-1.5-flash', async () => {
      const res = await fetch(`${emulator.url}/api/generate_response?user_input=Hi`);

      expect(((await res.json()) as { model: string }).model).toBe('gemini-1.5-flash');
    });

    it('answers 400 JSON without user_input', async () => {
      const res = await fetch(`${emulator.url}/api/generate_response?model=gemini-2.0-flash`);

      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'Missing required parameter: user_input' });
      expect(res.headers.get('x-ratelimit-limit')).toBe('100');
    });

    it('answers 405 to POST', async () => {
      const res = await fetch(`${emulator.url}/api/generate_response`, { method: 'POST', body: 'x' });

      expect(res.status).toBe(405);
    });
  });

  describe('/status, / and unknown paths', () => {
    it('/status answers ok while healthy and 503 while down', async () => {
      const healthy = await fetch(`${emulator.url}/status`);
      emulator.setMode('down');
      const down = await fetch(`${emulator.url}/status`);

      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toEqual({ status: 'ok' });
      expect(down.status).toBe(503);
    });

    it('while down, every chat request gets a 503 JSON error, whatever the fault rules', async () => {
      emulator.setFaults([{ fault: 'status-500' }]);
      emulator.setMode('down');

      const post = await postForm(emulator, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' });
      const get = await fetch(`${emulator.url}/api/generate_response?user_input=Hi`);

      expect(post.status).toBe(503);
      expect(await post.json()).toEqual({ error: 'Service Unavailable' });
      expect(get.status).toBe(503);
      expect(emulator.stats.faulted).toBe(0);
    });

    it('/ serves an HTML page', async () => {
      const res = await fetch(emulator.url);

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<title>Dynaspark emulator</title>');
    });

    it('an unknown path is a 404 JSON error', async () => {
      const res = await fetch(`${emulator.url}/generate`);

      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Not found: /generate' });
    });
  });

  describe('fault rules', () => {
    const ask = (model = 'gemini-1.5-flash'): Promise<Response> => postForm(emulator, { user_input: 'Hi', ai_model: model });
    const statuses = async (count: number, model?: string): Promise<number[]> => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await ask(model)).status);
      return seen;
    };

    it('times: applies to at most N requests, then the rule is spent', async () => {
      emulator.setFaults([{ fault: 'status-503', times: 2 }]);

      expect(await statuses(4)).toEqual([503, 503, 200, 200]);
    });

    it('every: applies to every Nth matching request', async () => {
      emulator.setFaults([{ fault: 'status-500', every: 3 }]);

      expect(await statuses(6)).toEqual([200, 200, 500, 200, 200, 500]);
    });

    it('model: applies only to requests for that model', async () => {
      emulator.setFaults([{ fault: 'status-500', model: 'gemini-2.0-flash' }]);

      expect((await ask('gemini-1.5-flash')).status).toBe(200);
      expect((await ask('gemini-2.0-flash')).status).toBe(500);
    });

    it('checks rules in order and applies the first that fires', async () => {
      emulator.setFaults([
        { fault: 'status-401', times: 1 },
        { fault: 'rate-limit', every: 2 },
      ]);

      expect(await statuses(5)).toEqual([401, 200, 429, 200, 429]);
    });

    it('probability: the seeded generator makes the sequence the same on every run', async () => {
      const second = await startDynasparkEmulator({ faults: [{ fault: 'status-500', probability: 0.5 }] });
      emulator.setFaults([{ fault: 'status-500', probability: 0.5 }]);
      try {
        const first = await statuses(20);
        const again: number[] = [];
        for (let i = 0; i < 20; i++) {
          again.push((await postForm(second, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' })).status);
        }

        expect(again).toEqual(first);
        expect(first.filter((status) => status === 500).length).toBeGreaterThan(3);
        expect(first.filter((status) => status === 200).length).toBeGreaterThan(3);
      } finally {
        await second.close();
      }
    });

    it('probability: a different seed gives a different sequence', async () => {
      const other = await startDynasparkEmulator({ seed: 42, faults: [{ fault: 'status-500', probability: 0.5 }] });
      emulator.setFaults([{ fault: 'status-500', probability: 0.5 }]);
      try {
        const first = await statuses(20);
        const fromOther: number[] = [];
        for (let i = 0; i < 20; i++) {
          fromOther.push((await postForm(other, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' })).status);
        }

        expect(fromOther).not.toEqual(first);
      } finally {
        await other.close();
      }
    });

    it('setFaults refuses an unknown fault kind with the list of kinds', () => {
      expect(() => emulator.setFaults([{ fault: 'explode' as never }])).toThrow(/unknown fault kind 'explode'; known kinds: status-400/);
    });

    it('startDynasparkEmulator refuses invalid options before listening', async () => {
      await expect(startDynasparkEmulator({ faults: [{ fault: 'reset', probability: 2 }] })).rejects.toThrow(
        'faults[0].probability must be a number from 0 to 1, got 2',
      );
      await expect(startDynasparkEmulator({ latencyMs: -1 })).rejects.toThrow('latencyMs must be a finite number >= 0');
    });
  });

  describe('configuration', () => {
    it('serves the chat endpoint on the configured path and extra paths only', async () => {
      const custom = await startDynasparkEmulator({ path: '/chat/v2', paths: ['/legacy'] });
      try {
        const fields = { user_input: 'Hi', ai_model: 'gemini-1.5-flash' };
        expect((await postForm(custom, fields, '/chat/v2')).status).toBe(200);
        expect((await postForm(custom, fields, '/legacy')).status).toBe(200);
        expect((await postForm(custom, fields, '/generate_response')).status).toBe(404);
      } finally {
        await custom.close();
      }
    });

    it('setLatency delays every answer', async () => {
      emulator.setLatency(150);
      const started = Date.now();

      await fetch(`${emulator.url}/status`);

      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('recordRequests: false records nothing but still answers', async () => {
      const quiet = await startDynasparkEmulator({ recordRequests: false });
      try {
        const res = await postForm(quiet, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' });
        expect(await res.json()).toEqual({ response: 'Echo from gemini-1.5-flash: Hi' });
        expect(quiet.requests).toEqual([]);
        expect(quiet.stats).toMatchObject({ received: 1, answered: 1 });
      } finally {
        await quiet.close();
      }
    });

    it('clearRequests empties the record and reset() returns to a clean state', async () => {
      emulator.setFaults([{ fault: 'status-500' }]);
      emulator.setLatency(10_000);
      emulator.setMode('down');
      await fetch(`${emulator.url}/`, { signal: AbortSignal.timeout(50) }).catch(() => undefined);
      emulator.reset();

      const res = await postForm(emulator, { user_input: 'Hi', ai_model: 'gemini-1.5-flash' });

      expect(res.status).toBe(200);
      expect(emulator.requests).toHaveLength(1);
      emulator.clearRequests();
      expect(emulator.requests).toEqual([]);
    });

    it('keeps only the last 1000 requests', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const get = (i: number): Promise<void> =>
        new Promise((resolve, reject) => {
          request(`${emulator.url}/status?i=${i}`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
        });
      try {
        // The first ten one by one, so they are surely the oldest; the rest in parallel batches.
        for (let i = 0; i < 10; i++) await get(i);
        for (let batch = 10; batch < 1010; batch += 100) {
          await Promise.all(Array.from({ length: 100 }, (_, i) => get(batch + i)));
        }
      } finally {
        agent.destroy();
      }

      const urls = new Set(emulator.requests.map((recorded) => recorded.url));
      expect(emulator.requests).toHaveLength(1000);
      expect(emulator.stats.received).toBe(1010);
      expect(urls.has('/status?i=9')).toBe(false);
      expect(urls.has('/status?i=10')).toBe(true);
      expect(urls.has('/status?i=1009')).toBe(true);
    });
  });

  describe('stats', () => {
    it('counts received, answered and faulted requests, and the ones in flight', async () => {
      emulator.setFaults([{ fault: 'hang', times: 1 }]);
      const hung = fetch(`${emulator.url}/api/generate_response?user_input=a`, { signal: AbortSignal.timeout(5000) });
      hung.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await fetch(`${emulator.url}/status`);

      expect(emulator.stats).toEqual({ received: 2, answered: 1, faulted: 1, inFlight: 1 });
      await emulator.close();
      await expect(hung).rejects.toThrow('fetch failed');
      expect(emulator.stats.inFlight).toBe(0);
    });
  });

  describe('close()', () => {
    it('finishes promptly with an idle keep-alive connection open', async () => {
      const agent = new Agent({ keepAlive: true });
      try {
        await new Promise<void>((resolve, reject) => {
          request(`${emulator.url}/status`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
        });
        const started = Date.now();
        await emulator.close();
        expect(Date.now() - started).toBeLessThan(1000);
      } finally {
        agent.destroy();
      }
    });

    it('finishes promptly with a hung request, which then fails on the client', async () => {
      emulator.setFaults([{ fault: 'hang' }]);
      const clientError = new Promise<Error>((resolve) => {
        const req = request(`${emulator.url}/generate_response`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        req.on('error', resolve);
        req.on('response', () => resolve(new Error('unexpected response')));
        req.end('user_input=Hi&ai_model=gemini-1.5-flash');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));

      const started = Date.now();
      await emulator.close();

      expect(Date.now() - started).toBeLessThan(1000);
      expect((await clientError).message).toMatch(/socket hang up|ECONNRESET/);
    });

    it('cancels pending latency timers and is idempotent', async () => {
      emulator.setLatency(60_000);
      const pending = fetch(`${emulator.url}/status`);
      pending.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));

      const started = Date.now();
      await Promise.all([emulator.close(), emulator.close()]);
      await emulator.close();

      expect(Date.now() - started).toBeLessThan(1000);
      await expect(pending).rejects.toThrow('fetch failed');
    });
  });
});
