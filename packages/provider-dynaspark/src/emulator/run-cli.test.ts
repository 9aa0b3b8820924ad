import { runCli, type TextSink } from './run-cli.js';

function sink(): TextSink & { text: () => string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

describe('runCli', () => {
  it('prints the listening line, serves requests and stops cleanly', async () => {
    const stdout = sink();
    const stderr = sink();
    const stop = new AbortController();

    const exit = runCli({ argv: ['--port', '0', '--fault', 'status-503:1'], stdout, stderr, stop: stop.signal });
    while (!stdout.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = stdout.text();
    const url = line.replace('Dynaspark emulator listening on ', '').trim();
    const res = await fetch(`${url}/generate_response`, {
      method: 'POST',
      body: new URLSearchParams({ user_input: 'Hi', ai_model: 'gemini-1.5-flash' }),
    });
    stop.abort();

    expect(line).toMatch(/^Dynaspark emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    expect(res.status).toBe(503);
    expect(await exit).toBe(0);
    expect(stderr.text()).toBe('');
  });

  it('exits 2 with the problem and the usage on stderr for invalid arguments', async () => {
    const stdout = sink();
    const stderr = sink();

    const code = await runCli({ argv: ['--fault', 'explode'], stdout, stderr });

    expect(code).toBe(2);
    expect(stderr.text()).toMatch(/^dynaspark-emulator: --fault: unknown fault kind 'explode'/);
    expect(stderr.text()).toContain('Usage: dynaspark-emulator');
    expect(stdout.text()).toBe('');
  });

  it('prints the usage on --help and exits 0', async () => {
    const stdout = sink();

    expect(await runCli({ argv: ['--help'], stdout, stderr: sink() })).toBe(0);
    expect(stdout.text()).toContain('--fault <kind[:p]>');
  });

  it('exits 1 when the port is taken', async () => {
    const first = sink();
    const stop = new AbortController();
    const running = runCli({ argv: ['--port', '0'], stdout: first, stderr: sink(), stop: stop.signal });
    while (!first.text().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const port = /:(\d+)\n$/.exec(first.text())?.[1] ?? '';
    const stderr = sink();

    const code = await runCli({ argv: ['--port', port], stdout: sink(), stderr });
    stop.abort();
    await running;

    expect(code).toBe(1);
    expect(stderr.text()).toContain('cannot start');
    expect(stderr.text()).toContain('EADDRINUSE');
  });
});
