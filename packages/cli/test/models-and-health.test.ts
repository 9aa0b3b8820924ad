import { ESCAPE, runSwitchboard } from './run-switchboard.js';
import { useDynaspark } from './use-dynaspark.js';

const dynaspark = useDynaspark();

describe('switchboard models', () => {
  it('prints a table of names, providers, aliases and vision, and says what is not configured', async () => {
    const run = await runSwitchboard(['models'], { env: dynaspark.env });

    expect(run.code).toBe(0);
    const [head, ...rows] = run.stdout.trimEnd().split('\n');
    expect(head).toMatch(/^MODEL\s+PROVIDERS\s+ALIASES\s+VISION$/);
    expect(rows).toContainEqual(expect.stringMatching(/^gemini-2\.0-flash\s+dynaspark\s+yes$/));
    expect(run.stderr).toBe(
      'openai-compatible: not configured: no models configured; add { "use": "@switchboard/provider-openai-compatible", … } to switchboard.config.json to use it.\n',
    );
    expect(run.stdout + run.stderr).not.toMatch(ESCAPE);
  });

  it('--json is an array of models for scripts', async () => {
    const run = await runSwitchboard(['models', '--json'], { env: dynaspark.env });
    const models = JSON.parse(run.stdout) as { id: string; providers: string[]; aliases: string[]; vision: boolean }[];

    expect(run.code).toBe(0);
    expect(models).toContainEqual({
      id: 'gemini-2.0-flash',
      providers: ['dynaspark'],
      routes: [{ provider: 'dynaspark', model: 'gemini-2.0-flash' }],
      aliases: [],
      vision: true,
    });
  });
});

describe('switchboard health', () => {
  it('prints status, latency and last error per provider, exit 0 when the configured ones are up', async () => {
    const run = await runSwitchboard(['health'], { env: dynaspark.env });

    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PROVIDER\s+STATUS\s+LATENCY\s+LAST ERROR$/);
    expect(lines).toContainEqual(expect.stringMatching(/^dynaspark\s+healthy\s+\d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^openai-compatible\s+not configured\s+-\s+no models configured/));
    expect(run.stdout).not.toMatch(ESCAPE);
  });

  it('exits 1 when a provider asked about is down, with the error in the table', async () => {
    dynaspark.emulator.setMode('down');

    const run = await runSwitchboard(['health', 'dynaspark'], { env: dynaspark.env });

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^dynaspark\s+down\s+\d+ ms\s+\[api-call\] .*503/m);
  });

  it('--json is the report, for scripts', async () => {
    const run = await runSwitchboard(['health', '--json'], { env: dynaspark.env });
    const report = JSON.parse(run.stdout);

    expect(run.code).toBe(0);
    expect(report.providers).toEqual([
      expect.objectContaining({ provider: 'dynaspark', configured: true, status: 'healthy', latencyMs: expect.any(Number) }),
      {
        provider: 'openai-compatible',
        configured: false,
        status: 'not-configured',
        reason: 'not configured: no models configured',
        // What to write in the config file, not the library's providerOptions.
        fix: 'add { "use": "@switchboard/provider-openai-compatible", … } to switchboard.config.json to use it',
      },
    ]);
    expect(run.stdout).not.toContain('providerOptions');
  });

  it('exits 1 for a provider named that is not configured, 2 for one that does not exist', async () => {
    const unconfigured = await runSwitchboard(['health', 'openai-compatible'], { env: dynaspark.env });
    const unknown = await runSwitchboard(['health', 'dynasprak'], { env: dynaspark.env });

    expect(unconfigured.code).toBe(1);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: "switchboard: unknown provider 'dynasprak'; did you mean 'dynaspark'? Providers: dynaspark, openai-compatible.\n",
    });
  });
});
