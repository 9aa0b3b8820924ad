import { Agent, request } from 'node:http';
import { withFreshEmulator } from '../shared/__fixtures__/both-emulators.js';
import { postForm } from './__fixtures__/dynaspark-requests.js';
import { startDynasparkEmulator, type DynasparkEmulator } from './index.js';

describe('startDynasparkEmulator', () => {
  let emulator: DynasparkEmulator;
  withFreshEmulator(startDynasparkEmulator, (started) => (emulator = started));

  it("listens on a random loopback port; its url, the provider's baseUrl, is the origin without a trailing slash", () => {
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(emulator.origin).toBe(emulator.url);
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

  describe('configuration', () => {
    it('serves the chat POST on both the original path and the one the service renamed it to', async () => {
      const fields = { user_input: 'Hi', ai_model: 'gemini-1.5-flash' };

      const original = await postForm(emulator, fields, '/generate_response');
      const renamed = await postForm(emulator, fields, '/dsai_fuck_u_spammer');

      expect(await original.json()).toEqual({ response: 'Echo from gemini-1.5-flash: Hi' });
      expect(await renamed.json()).toEqual({ response: 'Echo from gemini-1.5-flash: Hi' });
      expect(emulator.requests.map((recorded) => recorded.path)).toEqual(['/generate_response', '/dsai_fuck_u_spammer']);
    });

    it('paths: serves the chat POST on the given paths only', async () => {
      const custom = await startDynasparkEmulator({ paths: ['/chat/v2', '/legacy'] });
      try {
        const fields = { user_input: 'Hi', ai_model: 'gemini-1.5-flash' };
        expect((await postForm(custom, fields, '/chat/v2')).status).toBe(200);
        expect((await postForm(custom, fields, '/legacy')).status).toBe(200);
        expect((await postForm(custom, fields, '/generate_response')).status).toBe(404);
        expect((await postForm(custom, fields, '/dsai_fuck_u_spammer')).status).toBe(404);
      } finally {
        await custom.close();
      }
    });

    it('paths: refuses a path without a leading slash before listening', async () => {
      await expect(startDynasparkEmulator({ paths: ['chat'] })).rejects.toThrow(`Invalid paths[0]: must start with '/', got "chat"`);
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
      const controller = new AbortController();
      const pending = fetch(`${emulator.url}/`, { signal: controller.signal }).catch(() => undefined);
      // Abort only once the emulator holds the request: on a busy machine a fixed timeout could let
      // it arrive after reset() and be recorded as if it came afterwards.
      while (emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      await pending;
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
          request(`${emulator.url}/status?i=${i}`, { agent }, (res) => res.resume().on('end', resolve))
            .on('error', reject)
            .end();
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
          request(`${emulator.url}/status`, { agent }, (res) => res.resume().on('end', resolve))
            .on('error', reject)
            .end();
        });
        await emulator.close();
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
      await emulator.close();
      expect((await clientError).message).toMatch(/socket hang up|ECONNRESET/);
    });

    it('cancels pending latency timers and is idempotent', async () => {
      emulator.setLatency(60_000);
      const pending = fetch(`${emulator.url}/status`);
      pending.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all([emulator.close(), emulator.close()]);
      await emulator.close();
      await expect(pending).rejects.toThrow('fetch failed');
    });
  });
});
