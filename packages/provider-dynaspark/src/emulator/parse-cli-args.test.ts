import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to port 8787 on loopback with no faults', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 8787, host: '127.0.0.1', latencyMs: 0, seed: 1, faults: [], recordRequests: true },
    });
  });

  it('reads every option', () => {
    const command = parseCliArgs([
      '--port', '0', '--host', '0.0.0.0', '--latency', '25', '--seed', '9',
      '--fault', 'rate-limit:0.25', '--fault', 'reset', '--path', '/chat', '--path', '/old', '--no-record',
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
        path: '/chat',
        paths: ['/old'],
      },
    });
  });

  it.each([['--help'], ['-h']])('%s asks for help', (flag) => {
    expect(parseCliArgs([flag])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port', 'eighty'], "--port must be an integer from 0 to 65535, got 'eighty'"],
    [['--port', '70000'], "--port must be an integer from 0 to 65535, got '70000'"],
    [['--latency=-3'], "--latency must be a number >= 0, got '-3'"],
    [['--latency', '-3'], "Option '--latency' argument is ambiguous"],
    [['--fault', 'meteor'], "--fault: unknown fault kind 'meteor'; known kinds: status-400"],
    [['--fault', 'reset:2'], "--fault reset:2: the probability must be a number from 0 to 1, got '2'"],
    [['--fault', 'reset:'], "--fault reset:: the probability must be a number from 0 to 1, got ''"],
    [['--path', 'chat'], "--path must start with '/', got 'chat'"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--port'], "Option '--port <value>' argument missing"],
  ])('%j is refused with a clear message', (argv, message) => {
    const command = parseCliArgs(argv);

    expect(command.kind).toBe('error');
    expect(command.kind === 'error' ? command.message : '').toContain(message);
  });
});
