import { parseEmulatorArgs } from '../shared/emulator-cli.js';
import { firstLine, textCollector } from '../shared/__fixtures__/text-collector.js';
import { OPENAI_COMPATIBLE_CLI, runOpenAICompatibleCli } from './openai-compatible-cli.js';

const parse = (argv: string[]) => parseEmulatorArgs(OPENAI_COMPATIBLE_CLI, argv);

describe('the openai-compatible-emulator command line', () => {
  it("defaults to port 8080, where the provider's default baseUrl points", () => {
    expect(parse([])).toEqual({
      kind: 'run',
      options: { port: 8080, host: '127.0.0.1', latencyMs: 0, seed: 1, faults: [], recordRequests: true },
    });
  });

  it('reads its own options besides the shared ones', () => {
    const command = parse([
      '--model',
      'llama-3.1-8b',
      '--model',
      'qwen2.5-vl',
      '--api-key',
      'sk-1',
      '--chunk-delay',
      '5',
      '--split-events',
      '--line-ending',
      'crlf',
      '--fault',
      'mid-stream-error:0.5',
    ]);

    expect(command).toEqual({
      kind: 'run',
      options: {
        port: 8080,
        host: '127.0.0.1',
        latencyMs: 0,
        seed: 1,
        faults: [{ fault: 'mid-stream-error', probability: 0.5 }],
        recordRequests: true,
        models: ['llama-3.1-8b', 'qwen2.5-vl'],
        apiKey: 'sk-1',
        chunkDelayMs: 5,
        splitEvents: true,
        lineEnding: '\r\n',
      },
    });
  });

  it.each([
    [['--line-ending', 'cr'], "--line-ending must be lf or crlf, got 'cr'"],
    [['--chunk-delay', 'soon'], "--chunk-delay must be a number >= 0, got 'soon'"],
    [['--fault', 'challenge'], "--fault: unknown fault kind 'challenge'"],
  ])('%j is refused with a clear message', (argv, message) => {
    const command = parse(argv);

    expect(command.kind === 'error' ? command.message : '').toContain(message);
  });

  it('prints the url a provider takes as its baseUrl, serves it, and stops cleanly', async () => {
    const stdout = textCollector();
    const stop = new AbortController();

    const exit = runOpenAICompatibleCli({ argv: ['--port', '0', '--model', 'm1'], stdout, stderr: textCollector(), stop: stop.signal });
    const line = await firstLine(stdout);
    const url = line.replace('OpenAI-compatible emulator listening on ', '').trim();
    const res = await fetch(`${url}/models`);
    stop.abort();

    expect(line).toMatch(/^OpenAI-compatible emulator listening on http:\/\/127\.0\.0\.1:\d+\/v1\n$/);
    expect(await res.json()).toMatchObject({ data: [{ id: 'm1' }] });
    expect(await exit).toBe(0);
  });

  it('lists every flag in --help', async () => {
    const stdout = textCollector();

    await runOpenAICompatibleCli({ argv: ['--help'], stdout, stderr: textCollector() });

    for (const flag of ['--port <n>', '--fault <kind[:p]>', '--no-record', '--model <name>', '--api-key', '--chunk-delay', '--split-events', '--line-ending']) {
      expect(stdout.text()).toContain(flag);
    }
  });
});
