import { ESCAPE } from './run-switchboard.js';
import { serveWith, stop } from './serve-switchboard.js';
import { useDynaspark } from './use-dynaspark.js';

const dynaspark = useDynaspark();
/** `switchboard serve` in front of the test file's Dynaspark emulator. */
const serve = (args: string[], options: { env?: Record<string, string>; files?: Record<string, string> } = {}) =>
  serveWith(args, { ...options, env: { ...dynaspark.env, ...options.env } });

describe('switchboard serve', () => {
  it('serves /v1/models and chat completions from an empty directory, and exits cleanly on SIGTERM', async () => {
    const { url, child, exit, cleanup } = await serve([]);
    try {
      const models = await fetch(`${url}/v1/models`);
      const completion = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: 'Hello gateway' }] }),
      });

      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(models.status).toBe(200);
      expect(((await models.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toContain('gemini-2.0-flash');
      expect(completion.status).toBe(200);
      expect(((await completion.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe(
        'Echo from gemini-2.0-flash: Hello gateway',
      );

      const { run, ms } = await stop(child, exit);
      expect(run.code).toBe(0);
      expect(ms).toBeLessThan(5_000);
      expect(run.stdout + run.stderr).not.toMatch(ESCAPE);
    } finally {
      child.kill('SIGKILL');
      cleanup();
    }
  });

  it('takes its key, port and host from the config file, and its key only from the environment', async () => {
    const config = {
      providers: [{ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.emulator.url }],
      server: { apiKey: `\${GATEWAY_KEY}`, host: '127.0.0.1' },
    };
    const { url, child, exit, cleanup } = await serve([], {
      env: { GATEWAY_KEY: 'gateway-secret-42' },
      files: { 'switchboard.config.json': JSON.stringify(config) },
    });
    try {
      const anonymous = await fetch(`${url}/v1/models`);
      const allowed = await fetch(`${url}/v1/models`, { headers: { authorization: 'Bearer gateway-secret-42' } });

      expect(anonymous.status).toBe(401);
      expect(allowed.status).toBe(200);
      const { run } = await stop(child, exit);
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('gateway-secret-42');
    } finally {
      child.kill('SIGKILL');
      cleanup();
    }
  });

  it('lets a streamed answer in flight finish before exiting', async () => {
    dynaspark.emulator.setLatency(500);
    const { url, child, exit, cleanup } = await serve([]);
    try {
      const pending = fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: 'Slow one' }] }),
      });
      // SIGTERM only once the request is upstream: sent earlier, the gateway is already closing and
      // rightly answers 503 (a loaded machine can take longer than any fixed pause to get there).
      while (dynaspark.emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopping = stop(child, exit);
      const answer = await pending;

      expect(answer.status).toBe(200);
      expect((await stopping).run.code).toBe(0);
    } finally {
      dynaspark.emulator.setLatency(0);
      child.kill('SIGKILL');
      cleanup();
    }
  });
  it('serves the dashboard at /ui and says where, unless server.ui is false', async () => {
    const on = await serve([]);
    try {
      const page = await fetch(`${on.url}/ui/`);
      const data = await fetch(`${on.url}/ui/api/snapshot`);

      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(data.status).toBe(200);
      expect(((await data.json()) as { providers: unknown[] }).providers).toContainEqual(expect.objectContaining({ id: 'dynaspark', configured: true }));
      const { run } = await stop(on.child, on.exit);
      expect(run.stderr).toContain(`Dashboard at ${on.url}/ui`);
    } finally {
      on.child.kill('SIGKILL');
      on.cleanup();
    }

    const config = { providers: [{ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.emulator.url }], server: { ui: false } };
    const off = await serve([], { files: { 'switchboard.config.json': JSON.stringify(config) } });
    try {
      expect((await fetch(`${off.url}/ui/`)).status).toBe(404);
      const { run } = await stop(off.child, off.exit);
      expect(run.stderr).not.toContain('Dashboard at');
    } finally {
      off.child.kill('SIGKILL');
      off.cleanup();
    }
  });
});
