import { TINY_PNG } from '@switchboard/core/testing';
import { emptyDirectory, ESCAPE, runSwitchboard } from './run-switchboard.js';
import { useDynaspark } from './use-dynaspark.js';

const dynaspark = useDynaspark();

describe('switchboard chat', () => {
  it('streams the answer to a prompt given as arguments', async () => {
    const run = await runSwitchboard(['chat', '-m', 'gemini-2.0-flash', 'What', 'is', '2+2?'], { env: dynaspark.env });

    expect(run).toEqual({ code: 0, stdout: 'Echo from gemini-2.0-flash: What is 2+2?\n', stderr: '' });
    expect(dynaspark.emulator.requests.at(-1)?.fields).toMatchObject({ user_input: 'What is 2+2?', ai_model: 'gemini-2.0-flash' });
  });

  it('reads the prompt from stdin when none is given', async () => {
    const run = await runSwitchboard(['chat', '--model', 'gemini-1.5-flash'], { env: dynaspark.env, stdin: 'Summarise this\n' });

    expect(run).toEqual({ code: 0, stdout: 'Echo from gemini-1.5-flash: Summarise this\n', stderr: '' });
  });

  it('uses the default model without -m', async () => {
    const run = await runSwitchboard(['chat', 'Hi'], { env: dynaspark.env });

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Echo from gemini-[\w.-]+: Hi\n$/);
  });

  it('--json prints the whole result: text, provider, model and attempts', async () => {
    const run = await runSwitchboard(['chat', '--json', '-m', 'gemini-2.0-flash', 'Hi'], { env: dynaspark.env });
    const result = JSON.parse(run.stdout);

    expect(run.code).toBe(0);
    expect(result).toMatchObject({
      text: 'Echo from gemini-2.0-flash: Hi',
      provider: 'dynaspark',
      model: 'gemini-2.0-flash',
      requestedModel: 'gemini-2.0-flash',
      finishReason: 'stop',
      attempts: [{ provider: 'dynaspark', model: 'gemini-2.0-flash', attempt: 1, outcome: 'success' }],
    });
  });

  it('--json shows the retries it took', async () => {
    dynaspark.emulator.setFaults([{ fault: 'status-503', times: 1 }]);

    const run = await runSwitchboard(['chat', '--json', '-m', 'gemini-2.0-flash', 'Hi'], { env: dynaspark.env });

    expect(JSON.parse(run.stdout).attempts.map((attempt: { outcome: string }) => attempt.outcome)).toEqual(['error', 'success']);
  });

  it('--system sends a system message before the prompt', async () => {
    const run = await runSwitchboard(['chat', '-m', 'gemini-2.0-flash', '--system', 'Be brief.', 'Name a river'], { env: dynaspark.env });

    expect(run.code).toBe(0);
    // Dynaspark takes one text field: the conversation is flattened the way gpt4free does it.
    expect(dynaspark.emulator.requests.at(-1)?.fields['user_input']).toBe('System: Be brief.\nUser: Name a river\nAssistant:');
  });

  it('--image uploads the file, relative to the working directory', async () => {
    const directory = emptyDirectory({ 'pixel.png': TINY_PNG });
    try {
      const run = await runSwitchboard(['chat', '-m', 'gemini-1.5-flash', '--image', 'pixel.png', 'What is this?'], {
        env: dynaspark.env,
        cwd: directory.path,
      });

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Echo from gemini-1.5-flash: What is this?');
      expect(dynaspark.emulator.requests.at(-1)?.file).toMatchObject({ fileName: 'pixel.png', contentType: 'image/png', size: TINY_PNG.length });
    } finally {
      directory.remove();
    }
  });

  it('an unknown model is one line naming it and the closest names, exit code 2', async () => {
    const run = await runSwitchboard(['chat', '-m', 'gemini-2.0-flsh', 'Hi'], { env: dynaspark.env });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "switchboard: unknown model 'gemini-2.0-flsh'; did you mean 'gemini-2.0-flash' or 'gemini-1.5-flash'? ('switchboard models' lists them all)\n",
    );
  });

  it('an image that cannot be read is one line and exit code 2', async () => {
    const run = await runSwitchboard(['chat', '-m', 'gemini-1.5-flash', '--image', 'missing.png', 'Hi'], { env: dynaspark.env });

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toHaveLength(2);
    // Named as the command line named it, not as core's media[0].
    expect(run.stderr).toMatch(/^switchboard: --image missing\.png: cannot read '\/.*\/missing\.png' \(ENOENT\)\.\n$/);
  });

  it('no prompt at all is a usage error', async () => {
    const run = await runSwitchboard(['chat'], { env: dynaspark.env, stdin: '' });

    expect(run).toEqual({ code: 2, stdout: '', stderr: 'switchboard: the prompt is empty.\n' });
  });

  it('a provider that keeps failing is one line and exit code 1', async () => {
    dynaspark.emulator.setFaults([{ fault: 'status-500' }]);

    const run = await runSwitchboard(['chat', '-m', 'gemini-2.0-flash', 'Hi'], { env: dynaspark.env });

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^switchboard: .*500/);
  });

  it('pipes carry no colour and no spinner, even on CI or with a slow provider', async () => {
    dynaspark.emulator.setLatency(600);

    const run = await runSwitchboard(['chat', '-m', 'gemini-2.0-flash', '--system', 'x', 'Hi'], { env: { ...dynaspark.env, CI: 'true' } });
    const failed = await runSwitchboard(['chat', '-m', 'nope', 'Hi'], { env: { ...dynaspark.env, CI: 'true' } });

    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr + failed.stderr).not.toMatch(ESCAPE);
  });

  it('FORCE_COLOR colours errors even in a pipe, and NO_COLOR wins over it', async () => {
    const forced = await runSwitchboard(['chat', '-m', 'nope', 'Hi'], { env: { ...dynaspark.env, FORCE_COLOR: '1' } });
    const both = await runSwitchboard(['chat', '-m', 'nope', 'Hi'], { env: { ...dynaspark.env, FORCE_COLOR: '1', NO_COLOR: '1' } });

    expect(forced.stderr).toMatch(ESCAPE);
    expect(both.stderr).not.toMatch(ESCAPE);
  });
});
