import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { emptyDirectory, runSwitchboard } from './run-switchboard.js';

let dynaspark: DynasparkEmulator;
let local: OpenAICompatibleEmulator;
let remote: OpenAICompatibleEmulator;
const SECRET = 'sk-test-do-not-print-0123456789';

beforeAll(async () => {
  dynaspark = await startDynasparkEmulator({});
  local = await startOpenAICompatibleEmulator({ models: ['llama-3.1-8b'] });
  remote = await startOpenAICompatibleEmulator({ models: ['llama-3.1-70b', 'qwen-vl'], apiKey: SECRET });
});
afterAll(() => Promise.all([dynaspark.close(), local.close(), remote.close()]));

/** Runs the CLI in a fresh directory holding `switchboard.config.json`. */
async function withConfig(config: unknown, args: string[], env: Record<string, string> = {}) {
  const directory = emptyDirectory({ 'switchboard.config.json': typeof config === 'string' ? config : JSON.stringify(config, null, 2) });
  try {
    return await runSwitchboard(args, { cwd: directory.path, env });
  } finally {
    directory.remove();
  }
}

describe('a config file with two instances of the OpenAI-compatible plugin', () => {
  const config = () => ({
    providers: [
      { use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url },
      { use: '@switchboard/provider-openai-compatible', id: 'local', baseUrl: local.url, models: ['llama-3.1-8b'] },
      { use: '@switchboard/provider-openai-compatible', id: 'remote', baseUrl: remote.url, apiKey: `\${REMOTE_API_KEY}`, visionModels: ['qwen-vl'] },
    ],
    aliases: { fast: 'llama-3.1-8b' },
  });

  it('serves exactly the instances it lists, each under its own id (the second reads its models from the server)', async () => {
    const run = await withConfig(config(), ['models', '--json'], { REMOTE_API_KEY: SECRET });
    const models = JSON.parse(run.stdout) as { id: string; providers: string[]; aliases: string[]; vision: boolean }[];

    expect(run.code).toBe(0);
    expect(models.map((model) => [model.id, model.providers])).toEqual([
      ['gemini-1.5-flash', ['dynaspark']],
      ['gemini-1.5-flash-8b', ['dynaspark']],
      ['gemini-2.0-flash', ['dynaspark']],
      ['gemini-2.0-flash-lite', ['dynaspark']],
      ['llama-3.1-70b', ['remote']],
      ['llama-3.1-8b', ['local']],
      ['qwen-vl', ['remote']],
    ]);
    expect(models.find((model) => model.id === 'llama-3.1-8b')?.aliases).toEqual(['fast']);
    expect(run.stderr).toBe('');
  });

  it('answers from each instance, with its key read from the environment and never printed', async () => {
    const fast = await withConfig(config(), ['chat', '--json', '-m', 'fast', 'Hi'], { REMOTE_API_KEY: SECRET });
    const big = await withConfig(config(), ['chat', '--json', '-m', 'llama-3.1-70b', 'Hi'], { REMOTE_API_KEY: SECRET });
    const health = await withConfig(config(), ['health', '--json'], { REMOTE_API_KEY: SECRET });

    expect(JSON.parse(fast.stdout)).toMatchObject({ provider: 'local', model: 'llama-3.1-8b', text: 'Echo from llama-3.1-8b: Hi' });
    expect(JSON.parse(big.stdout)).toMatchObject({ provider: 'remote', model: 'llama-3.1-70b' });
    expect(remote.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${SECRET}`);
    expect(health.code).toBe(0);
    for (const run of [fast, big, health]) expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('a wrong key is an error that does not show the key', async () => {
    const run = await withConfig(config(), ['chat', '-m', 'llama-3.1-70b', 'Hi'], { REMOTE_API_KEY: `${SECRET}-wrong` });

    expect(run.code).not.toBe(0);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });
});

describe('config file errors: one line naming the place in the file, exit code 3', () => {
  const dynasparkInstance = () => ({ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url });

  it.each([
    ['an unknown top-level key', () => ({ provders: [] }), "switchboard.config.json: provders: unknown key; did you mean 'providers'?"],
    [
      'an unknown server key',
      () => ({ providers: [dynasparkInstance()], server: { prot: 8080 } }),
      "switchboard.config.json: server.prot: unknown key; did you mean 'port'?",
    ],
    ['a missing providers list', () => ({ aliases: {} }), 'switchboard.config.json: providers: is required.'],
    ['a wrong type', () => ({ providers: [dynasparkInstance(), { use: 42 }] }), 'switchboard.config.json: providers[1].use: expected a plugin package name'],
    [
      'a plugin that cannot be found',
      () => ({ providers: [{ use: '@switchboard/provider-nope' }] }),
      "switchboard.config.json: providers[0].use: cannot find the plugin '@switchboard/provider-nope'",
    ],
    [
      'a package that is not a plugin',
      () => ({ providers: [{ use: 'commander' }] }),
      "switchboard.config.json: providers[0].use: 'commander' does not export createProvider",
    ],
    [
      'a setting the plugin refuses',
      () => ({ providers: [dynasparkInstance(), { use: '@switchboard/provider-openai-compatible', id: 'local', baseUrl: 'not a url', models: ['x'] }] }),
      'switchboard.config.json: providers[1].baseUrl: ',
    ],
    [
      'a setting the plugin does not know',
      () => ({ providers: [{ ...dynasparkInstance(), baseUrll: 'x' }] }),
      'switchboard.config.json: providers[0].baseUrll: ',
    ],
    [
      'two instances with one id',
      () => ({ providers: [dynasparkInstance(), dynasparkInstance()] }),
      "switchboard.config.json: providers[1]: the provider id 'dynaspark' is already taken by providers[0]",
    ],
    [
      'a resilience option core refuses',
      () => ({ providers: [dynasparkInstance()], resilience: { maxAttempts: 'three' } }),
      'switchboard.config.json: resilience.maxAttempts: expected a whole number >= 1',
    ],
    [
      'an unknown resilience option',
      () => ({ providers: [dynasparkInstance()], resilience: { maxAttemps: 3 } }),
      "switchboard.config.json: resilience.maxAttemps: unknown option; did you mean 'maxAttempts'?",
    ],
    [
      'an alias to nothing',
      () => ({ providers: [dynasparkInstance()], aliases: { flash: 'gemini-9' } }),
      "switchboard.config.json: aliases['flash']: it points to 'gemini-9'",
    ],
    [
      'a missing environment variable',
      () => ({ providers: [dynasparkInstance(), { use: '@switchboard/provider-openai-compatible', id: 'groq', apiKey: `\${GROQ_API_KEY}`, models: ['x'] }] }),
      'switchboard.config.json: providers[1].apiKey: the environment variable GROQ_API_KEY is not set',
    ],
    [
      'a key written into the file',
      () => ({ providers: [dynasparkInstance()], server: { apiKey: 'hunter2-in-the-file' } }),
      'switchboard.config.json: server.apiKey: secrets are read from the environment only',
    ],
  ])('%s', async (_, config, message) => {
    const run = await withConfig(config(), ['models']);

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain(`switchboard: ${message}`);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('a file that is not JSON says where it broke', async () => {
    const run = await withConfig('{\n  "providers": [],\n}\n', ['models']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^switchboard: switchboard\.config\.json: not valid JSON: .* \(line 3\)\n$/);
  });

  it('--config names another file, which must exist', async () => {
    const run = await runSwitchboard(['models', '--config', 'elsewhere.json']);

    expect(run).toEqual({ code: 3, stdout: '', stderr: 'switchboard: elsewhere.json: no such file.\n' });
  });
});
