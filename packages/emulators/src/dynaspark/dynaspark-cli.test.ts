import { parseEmulatorArgs } from '../shared/emulator-cli.js';
import { firstLine, textCollector } from '../shared/__fixtures__/text-collector.js';
import { DYNASPARK_CLI, runDynasparkCli } from './dynaspark-cli.js';

const parse = (argv: string[]) => parseEmulatorArgs(DYNASPARK_CLI, argv);

describe('the dynaspark-emulator command line', () => {
  it('defaults to port 8787 on loopback with no faults, on both chat paths', () => {
    expect(parse([])).toEqual({
      kind: 'run',
      options: { port: 8787, host: '127.0.0.1', latencyMs: 0, seed: 1, faults: [], recordRequests: true },
    });
  });

  it('reads every option', () => {
    const command = parse([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--latency',
      '25',
      '--seed',
      '9',
      '--fault',
      'rate-limit:0.25',
      '--fault',
      'reset',
      '--path',
      '/chat',
      '--path',
      '/old',
      '--no-record',
    ]);

    expect(command).toEqual({
      kind: 'run',
      options: {
        port: 0,
        host: '0.0.0.0',
        latencyMs: 25,
        seed: 9,
        faults: [{ fault: 'rate-limit', probability: 0.25 }, { fault: 'reset' }],
        recordRequests: false,
        paths: ['/chat', '/old'],
      },
    });
  });

  it.each([['--help'], ['-h']])('%s asks for help', (flag) => {
    expect(parse([flag])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'eighty'], "--port must be an integer from 0 to 65535, got 'eighty'"],
    [['--port', '70000'], "--port must be an integer from 0 to 65535, got '70000'"],
    [['--latency=-3'], "--latency must be a number >= 0, got '-3'"],
    [['--latency', '-3'], "Option '--latency' argument is ambiguous"],
    [['--fault', 'meteor'], "--fault: unknown fault kind 'meteor'; known kinds: status-400"],
    [['--fault', 'mid-stream-error'], "--fault: unknown fault kind 'mid-stream-error'"],
    [['--fault', 'reset:2'], "--fault reset:2: the probability must be a number from 0 to 1, got '2'"],
    [['--fault', 'reset:'], "--fault reset:: the probability must be a number from 0 to 1, got ''"],
    [['--path', 'chat'], "--path must start with '/', got 'chat'"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--port'], "Option '--port <value>' argument missing"],
  ])('%j is refused with a clear message', (argv, message) => {
    const command = parse(argv);

    expect(command.kind).toBe('error');
    expect(command.kind === 'error' ? command.message : '').toContain(message);
  });

  it('prints the listening line, serves requests and stops cleanly', async () => {
    const stdout = textCollector();
    const stderr = textCollector();
    const stop = new AbortController();

    const exit = runDynasparkCli({ argv: ['--port', '0', '--fault', 'status-503:1'], stdout, stderr, stop: stop.signal });
    const line = await firstLine(stdout);
    const url = line.replace('Dynaspark emulator listening on ', '').trim();
    const res = await fetch(`${url}/dsai_fuck_u_spammer`, { method: 'POST', body: new URLSearchParams({ user_input: 'Hi', ai_model: 'gemini-1.5-flash' }) });
    stop.abort();

    expect(line).toMatch(/^Dynaspark emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(res.status).toBe(503);
    expect(await exit).toBe(0);
    expect(stderr.text()).toBe('');
  });

  it('exits 2 with the problem and the usage on stderr for invalid arguments', async () => {
    const stdout = textCollector();
    const stderr = textCollector();

    const code = await runDynasparkCli({ argv: ['--fault', 'explode'], stdout, stderr });

    expect(code).toBe(2);
    expect(stderr.text()).toMatch(/^dynaspark-emulator: --fault: unknown fault kind 'explode'/);
    expect(stderr.text()).toContain('Usage: dynaspark-emulator');
    expect(stdout.text()).toBe('');
  });

  it('prints the usage, with every flag, on --help and exits 0', async () => {
    const stdout = textCollector();

    expect(await runDynasparkCli({ argv: ['--help'], stdout, stderr: textCollector() })).toBe(0);
    for (const flag of ['--port <n>', '--host', '--latency', '--fault <kind[:p]>', '--seed', '--no-record', '--path <path>', '--help']) {
      expect(stdout.text()).toContain(flag);
    }
    expect(stdout.text()).toContain('Fault kinds: status-400');
  });

  it('exits 1 when the port is taken', async () => {
    const first = textCollector();
    const stop = new AbortController();
    const running = runDynasparkCli({ argv: ['--port', '0'], stdout: first, stderr: textCollector(), stop: stop.signal });
    const port = /:(\d+)\n$/.exec(await firstLine(first))?.[1] ?? '';
    const stderr = textCollector();

    const code = await runDynasparkCli({ argv: ['--port', port], stdout: textCollector(), stderr });
    stop.abort();
    await running;

    expect(code).toBe(1);
    expect(stderr.text()).toContain('cannot start');
    expect(stderr.text()).toContain('EADDRINUSE');
  });
});
