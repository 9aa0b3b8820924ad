import { canStartRedisServer, type RedisServer, startRedisServer } from '@switchboard/store-redis/testing';
import { emptyDirectory, finished, runSwitchboard, startSwitchboard } from './run-switchboard.js';
import { useDynaspark } from './use-dynaspark.js';

const dynaspark = useDynaspark();
const describeRedis = canStartRedisServer() ? describe : describe.skip;
const config = (extra: Record<string, unknown> = {}, instance: Record<string, unknown> = {}) =>
  JSON.stringify({ providers: [{ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.emulator.url, ...instance }], ...extra });

/** Starts `switchboard serve` on a free port; resolves with its URL once it listens, with what it printed then. */
async function serve(args: string[], files: Record<string, string> = {}, env: Record<string, string> = {}) {
  const directory = emptyDirectory(files);
  const child = startSwitchboard(['serve', '--port', '0', ...args], { cwd: directory.path, env: { ...dynaspark.env, ...env } });
  const exit = finished(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    void exit.then((run) => reject(new Error(`serve exited early: ${JSON.stringify(run)}`)));
  });
  return {
    url,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      const run = await exit;
      directory.remove();
      return run;
    },
  };
}

describe('the store and limits in the config file', () => {
  it("reads `store` only for serve: models works while the store's variable is unset", async () => {
    const directory = emptyDirectory({ 'switchboard.config.json': config({ store: `\${REDIS_URL}` }) });
    try {
      const models = await runSwitchboard(['models', '--json'], { cwd: directory.path });
      expect(models.code).toBe(0);
      const served = await runSwitchboard(['serve', '--port', '0'], { cwd: directory.path });
      expect(served.code).toBe(3);
      expect(served.stderr).toBe(`switchboard: switchboard.config.json: store: the environment variable REDIS_URL is not set (the file says \${REDIS_URL}).\n`);
    } finally {
      directory.remove();
    }
  });

  it('refuses a bad --store URL on the command line (exit 2) and a bad store setting in the file (exit 3), neither showing the password', async () => {
    const flag = await runSwitchboard(['serve', '--port', '0', '--store', 'http://:hunter22@127.0.0.1:6379'], { env: dynaspark.env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^switchboard: --store: 'http:\/\/:\*\*\*@127\.0\.0\.1:6379\/' is a http: URL, not redis: or rediss:/);
    const directory = emptyDirectory({ 'switchboard.config.json': config({ store: { url: 'redis://127.0.0.1:6379', prefix: 'a{b' } }) });
    try {
      const file = await runSwitchboard(['serve', '--port', '0'], { cwd: directory.path });
      expect(file.code).toBe(3);
      expect(file.stderr).toMatch(/^switchboard: switchboard\.config\.json: store\.prefix: expected a prefix without '\{' or '\}'/);
    } finally {
      directory.remove();
    }
    expect(flag.stderr).not.toContain('hunter22');
  });

  it("checks a provider instance's limits as core does, naming the place in the file", async () => {
    const directory = emptyDirectory({ 'switchboard.config.json': config({}, { limits: { rpm: 0 } }) });
    try {
      const run = await runSwitchboard(['models'], { cwd: directory.path });
      expect(run.code).toBe(3);
      expect(run.stderr).toBe('switchboard: switchboard.config.json: providers[0].limits.rpm: expected a whole number >= 1, got 0.\n');
    } finally {
      directory.remove();
    }
  });

  it('takes client keys only from the environment', async () => {
    const directory = emptyDirectory({ 'switchboard.config.json': config({ server: { keys: [{ name: 'alice', key: 'sk-in-the-file' }] } }) });
    try {
      const run = await runSwitchboard(['serve', '--port', '0'], { cwd: directory.path });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^switchboard: switchboard\.config\.json: server\.keys\[0\]\.key: secrets are read from the environment only/);
      expect(run.stderr).not.toContain('sk-in-the-file');
    } finally {
      directory.remove();
    }
  });

  it('serves client keys with their budgets, and provider limits, in the health report', async () => {
    const gateway = await serve(
      [],
      {
        'switchboard.config.json': config({ server: { keys: [{ name: 'alice', key: `\${ALICE_KEY}`, limits: { rpm: 1 } }] } }, { limits: { rpm: 30 } }),
      },
      { ALICE_KEY: 'sk-alice-secret' },
    );
    try {
      const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-alice-secret' };
      const body = JSON.stringify({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: 'Hi' }] });
      expect((await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body })).status).toBe(200);
      const over = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toMatch(/^(59|60)$/);
      const report = (await (await fetch(`${gateway.url}/health`, { headers })).json()) as { budgets: unknown[]; store: unknown };
      expect(report.store).toMatchObject({ kind: 'memory', state: 'local' });
      expect(report.budgets).toEqual([
        { name: 'dynaspark', scope: 'provider', shared: false, rpm: { used: 1, limit: 30, resetsAt: expect.any(Number) } },
        { name: 'key:alice', scope: 'caller', shared: false, rpm: { used: 1, limit: 1, resetsAt: expect.any(Number) } },
      ]);
    } finally {
      const run = await gateway.stop();
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('sk-alice-secret');
    }
  });
});

describeRedis('switchboard serve --store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ password: 'right-password' });
  });
  afterAll(() => redis?.stop());

  it('shares through Redis, saying where (without the password), and /health reports the store', async () => {
    const gateway = await serve(['--store', `redis://:right-password@127.0.0.1:${redis.port}`]);
    try {
      // Said on stderr right after the listening line on stdout: wait for it.
      for (let waited = 0; !gateway.stderr().includes('Sharing') && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(gateway.stderr()).toMatch(
        new RegExp(`Sharing circuits, cooldowns, budgets and health through redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port} \\(redis \\d[^,]*, 1 replica\\)`),
      );
      const report = (await (await fetch(`${gateway.url}/health`)).json()) as { store: unknown };
      expect(report.store).toMatchObject({ kind: 'redis', state: 'shared', replicas: 1, location: `redis://:***@127.0.0.1:${redis.port}` });
    } finally {
      const run = await gateway.stop();
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toContain('right-password');
    }
  });

  it('stops at start-up with one line naming the URL without its password when Redis refuses the password', async () => {
    const started = Date.now();
    const run = await runSwitchboard(['serve', '--port', '0', '--store', `redis://:wrong-password@127.0.0.1:${redis.port}`], { env: dynaspark.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `switchboard: Cannot use the Redis store at redis://:***@127.0.0.1:${redis.port}: it refused our credentials (WRONGPASS): check the user name and password in the URL.\n`,
    );
    expect(run.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
