import { startDynasparkEmulator, type DynasparkEmulator } from '@switchboard/emulators/dynaspark';
import { startOpenAICompatibleEmulator, type OpenAICompatibleEmulator } from '@switchboard/emulators/openai-compatible';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
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

/** Runs the CLI in a fresh directory holding `switchboard.config.json` (and other files). */
async function withConfig(config: unknown, args: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const directory = emptyDirectory({ ...files, 'switchboard.config.json': typeof config === 'string' ? config : JSON.stringify(config, null, 2) });
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
      ['fast', ['local']],
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
      () => ({ providers: [{ use: 'switchboard-provider-nope' }] }),
      "switchboard.config.json: providers[0].use: cannot find the plugin 'switchboard-provider-nope' (looked in ",
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
    // Never an invitation to install a name nobody vouched for.
    expect(run.stderr).not.toContain('npm install');
  });

  it('a file that is not JSON says where it broke, by line and column, and what broke', async () => {
    const trailingComma = await withConfig('{\n  "providers": [],\n}\n', ['models']);
    const cutShort = await withConfig('{\n  "providers": [\n    { "use": "x" }', ['models']);

    expect(trailingComma).toEqual({
      code: 3,
      stdout: '',
      stderr: 'switchboard: switchboard.config.json: not valid JSON at line 3, column 1: Expected double-quoted property name.\n',
    });
    expect(cutShort.stderr).toBe("switchboard: switchboard.config.json: not valid JSON at line 3, column 19: Expected ',' or ']' after array element.\n");
  });

  it('a misspelt plugin name is answered with the closest installed or first-party plugin, never with advice to install it', async () => {
    const run = await withConfig({ providers: [{ use: '@switchboard/provider-dynasprk' }] }, ['models']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^switchboard: switchboard\.config\.json: providers\[0\]\.use: cannot find the plugin '@switchboard\/provider-dynasprk'; did you mean '@switchboard\/provider-dynaspark'\? \(looked in .*\)\n$/,
    );
    expect(run.stderr).not.toContain('npm install');
  });

  it('an unknown plugin name lists the plugins that are installed', async () => {
    const run = await withConfig({ providers: [{ use: 'left-pad' }] }, ['models']);

    expect(run.stderr).toMatch(/Installed plugins: @switchboard\/provider-dynaspark, @switchboard\/provider-openai-compatible\.\n$/);
    expect(run.stderr).not.toContain('npm install');
  });

  it('a plugin path that does not exist is said to be a missing file', async () => {
    const run = await withConfig({ providers: [{ use: './plugins/acme.js' }] }, ['models']);

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^switchboard: switchboard\.config\.json: providers\[0\]\.use: the file \/.*\/plugins\/acme\.js does not exist/);
  });

  it('--config names another file, which must exist', async () => {
    const run = await runSwitchboard(['models', '--config', 'elsewhere.json']);

    expect(run).toEqual({ code: 3, stdout: '', stderr: 'switchboard: elsewhere.json: no such file.\n' });
  });
});

describe('each command reads only the parts of the file it uses', () => {
  const dynasparkInstance = () => ({ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url });
  const withServerKey = () => ({ providers: [dynasparkInstance()], server: { apiKey: `\${SWITCHBOARD_API_KEY}` } });

  it('models, health and chat work while a variable only server.* uses is unset', async () => {
    const models = await withConfig(withServerKey(), ['models']);
    const health = await withConfig(withServerKey(), ['health']);
    const chat = await withConfig(withServerKey(), ['chat', 'Hi']);

    expect(models.code).toBe(0);
    expect(health.code).toBe(0);
    expect(chat).toMatchObject({ code: 0, stdout: 'Echo from gemini-1.5-flash: Hi\n' });
  });

  it('serve needs it, and says so', async () => {
    const run = await withConfig(withServerKey(), ['serve', '--port', '0']);

    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: `switchboard: switchboard.config.json: server.apiKey: the environment variable SWITCHBOARD_API_KEY is not set (the file says \${SWITCHBOARD_API_KEY}).\n`,
    });
  });

  it('every missing variable is reported at once, each with its place', async () => {
    const config = {
      providers: [
        { ...dynasparkInstance(), userAgent: `\${AGENT}` },
        { use: '@switchboard/provider-openai-compatible', id: 'groq', baseUrl: `\${GROQ_URL}`, apiKey: `\${GROQ_API_KEY}`, models: ['x'] },
      ],
      server: { apiKey: `\${SWITCHBOARD_API_KEY}` },
    };

    const run = await withConfig(config, ['serve', '--port', '0']);

    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'switchboard: switchboard.config.json: 4 environment variables are not set: AGENT (providers[0].userAgent), GROQ_URL (providers[1].baseUrl), ' +
        'GROQ_API_KEY (providers[1].apiKey), SWITCHBOARD_API_KEY (server.apiKey).\n',
    );
  });
});

describe('defaultModel naming a model nobody serves', () => {
  const config = () => ({ providers: [{ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url }], defaultModel: 'gemini-2.0-flsh' });

  it('is a config error naming defaultModel, for the commands that use it', async () => {
    const chat = await withConfig(config(), ['chat', 'Hi']);

    expect(chat.code).toBe(3);
    expect(chat.stderr).toMatch(
      /^switchboard: switchboard\.config\.json: defaultModel: Model 'gemini-2\.0-flsh' is not served by any registered provider\. Did you mean 'gemini-2\.0-flash'/,
    );
  });

  it('does not stop models (which warns), nor chat with -m', async () => {
    const models = await withConfig(config(), ['models']);
    const chat = await withConfig(config(), ['chat', '-m', 'gemini-1.5-flash', 'Hi']);

    expect(models.code).toBe(0);
    expect(models.stdout).toMatch(/^gemini-2\.0-flash\s+dynaspark/m);
    expect(models.stderr).toMatch(
      /^warning: switchboard\.config\.json: defaultModel: Model 'gemini-2\.0-flsh' is not served .*\(chat without -m, and serve, refuse it\)\n$/,
    );
    expect(chat).toMatchObject({ code: 0, stdout: 'Echo from gemini-1.5-flash: Hi\n' });
  });
});

describe("one provider's alias that is another's model (the README's local + groq example)", () => {
  const config = () => ({
    providers: [
      { use: '@switchboard/provider-openai-compatible', id: 'local', baseUrl: local.url, models: ['llama-3.1-8b'] },
      {
        use: '@switchboard/provider-openai-compatible',
        id: 'groq',
        baseUrl: remote.url,
        apiKey: `\${GROQ_API_KEY}`,
        models: ['llama-3.1-70b'],
        modelAliases: { 'llama-3.1-8b': 'llama-3.1-70b' },
      },
    ],
    routing: { order: { 'llama-3.1-8b': ['local', 'groq'] } },
  });

  it('is one row with both providers in routing order, each with the model it answers with', async () => {
    const table = await withConfig(config(), ['models'], { GROQ_API_KEY: SECRET });
    const json = await withConfig(config(), ['models', '--json'], { GROQ_API_KEY: SECRET });

    expect(table.stdout.split('\n').filter((line) => line.startsWith('llama-3.1-8b '))).toEqual([
      expect.stringMatching(/^llama-3\.1-8b\s+local, groq \(llama-3\.1-70b\)\s*$/),
    ]);
    expect((JSON.parse(json.stdout) as { id: string }[]).filter((model) => model.id === 'llama-3.1-8b')).toEqual([
      {
        id: 'llama-3.1-8b',
        providers: ['local', 'groq'],
        routes: [
          { provider: 'local', model: 'llama-3.1-8b' },
          { provider: 'groq', model: 'llama-3.1-70b' },
        ],
        aliases: [],
        vision: false,
      },
    ]);
  });
});

describe('a plugin installed but not configured (no API key)', () => {
  // A plugin in the project's folder, on the same copy of core as the CLI (one container, one contract version).
  const core = pathToFileURL(createRequire(import.meta.url).resolve('@switchboard/core/provider')).href;
  const plugin = `import { PROVIDER_SPECIFICATION_VERSION } from '${core}';
export function createProvider(settings, { env }) {
  const apiKey = settings.apiKey ?? env.ACME_API_KEY;
  return {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION, id: 'acme', label: 'Acme', url: 'https://example.com', loginUrl: undefined, apiEndpoint: undefined,
    working: true, needsAuth: true, useNodriver: false, supportsStream: false, supportsSystemMessage: true, supportsMessageHistory: true,
    defaultModel: 'acme-large', defaultVisionModel: undefined, visionModels: [], models: ['acme-large', 'acme-small'], modelAliases: { 'acme-latest': 'acme-large' },
    ...(apiKey ? {} : { unconfigured: { reason: 'no API key', fix: "set ACME_API_KEY, or providerOptions['acme'].apiKey" } }),
    async *createAsyncGenerator() { yield { type: 'text', text: 'from acme' }; yield { type: 'finish', finishReason: 'stop' }; },
  };
}
`;
  const config = () => ({
    providers: [{ use: '@switchboard/provider-dynaspark', baseUrl: dynaspark.url }, { use: './acme-plugin.mjs' }],
    aliases: { big: 'acme-latest' },
  });

  it('chat names the provider, what it lacks and the key of the file that fixes it, exit 3', async () => {
    const direct = await withConfig(config(), ['chat', '-m', 'acme-large', 'Hi'], {}, { 'acme-plugin.mjs': plugin });
    const alias = await withConfig(config(), ['chat', '-m', 'big', 'Hi'], {}, { 'acme-plugin.mjs': plugin });

    expect(direct).toEqual({
      code: 3,
      stdout: '',
      stderr:
        "switchboard: model 'acme-large' is served by 'acme', which is not configured: no API key. Set ACME_API_KEY, or providers[1].apiKey in switchboard.config.json.\n",
    });
    expect(alias.stderr).toBe(
      "switchboard: model 'big' is served by 'acme' (as 'acme-large'), which is not configured: no API key. Set ACME_API_KEY, or providers[1].apiKey in switchboard.config.json.\n",
    );
  });

  it('models lists the rest and says the same on stderr; with the key, it serves', async () => {
    const models = await withConfig(config(), ['models'], {}, { 'acme-plugin.mjs': plugin });
    const chat = await withConfig(config(), ['chat', '-m', 'big', 'Hi'], { ACME_API_KEY: 'acme-key-1234' }, { 'acme-plugin.mjs': plugin });

    expect(models.code).toBe(0);
    expect(models.stdout).not.toContain('acme');
    expect(models.stderr).toBe('acme: not configured: no API key; set ACME_API_KEY, or providers[1].apiKey in switchboard.config.json.\n');
    expect(chat).toMatchObject({ code: 0, stdout: 'from acme\n' });
  });
});
