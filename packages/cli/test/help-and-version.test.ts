import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDirectory, ESCAPE, runSwitchboard } from './run-switchboard.js';

const RECORD_IMPORTS = fileURLToPath(new URL('./__fixtures__/record-imports.js', import.meta.url));
const FAKE_COMPILE_CACHE = fileURLToPath(new URL('./__fixtures__/fake-compile-cache.js', import.meta.url));

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('switchboard --help and --version', () => {
  it.each([['--version'], ['-v']])('%s prints the version and nothing else', async (flag) => {
    const run = await runSwitchboard([flag]);

    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists every command', async () => {
    const run = await runSwitchboard(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: switchboard \[options\] \[command\]/);
    for (const command of ['chat', 'models', 'health', 'serve', 'demo']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stderr).toBe('');
  });

  it.each([['chat'], ['models'], ['health'], ['serve'], ['demo']])('%s --help shows its usage and examples', async (command) => {
    const run = await runSwitchboard([command, '--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: switchboard ${command}`);
    expect(run.stdout).toContain(`$ switchboard ${command}`);
    expect(run.stdout).not.toMatch(ESCAPE);
  });

  it('serve --help states the port the gateway listens on by default', async () => {
    const run = await runSwitchboard(['serve', '--help']);

    expect(run.stdout).toContain('port to listen on (default: server.port, else 4000)');
  });

  it('refuses an unknown option with one line and exit code 2, suggesting the closest', async () => {
    const run = await runSwitchboard(['models', '--jsn']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("switchboard: unknown option '--jsn' (Did you mean --json?)\n");
  });

  it('refuses an unknown command with exit code 2', async () => {
    const run = await runSwitchboard(['chta']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("switchboard: unknown command 'chta' (Did you mean chat?)\n");
  });

  it('refuses a bad option value with one line', async () => {
    const run = await runSwitchboard(['serve', '--port', 'eighty']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("switchboard: option '-p, --port <n>' argument 'eighty' is invalid. expected a port number from 0 to 65535.\n");
  });

  it("turns on Node's compile cache where Node has one (22.1+), before the CLI is loaded", async () => {
    const directory = emptyDirectory();
    const calls = join(directory.path, 'calls.txt');
    try {
      const run = await runSwitchboard(['--version'], { cwd: directory.path, env: { FAKE_COMPILE_CACHE: calls }, nodeArgs: ['--import', FAKE_COMPILE_CACHE] });

      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      // Once, with Node's own default folder (the OS's temporary one, or NODE_COMPILE_CACHE).
      expect(readFileSync(calls, 'utf8')).toBe('enableCompileCache()\n');
    } finally {
      directory.remove();
    }
  });

  it.each([[['--version']], [['--help']], [['chat', '--help']]])('%j loads neither core, nor a plugin, nor the server', async (args) => {
    const directory = emptyDirectory();
    const record = join(directory.path, 'imports.txt');
    try {
      const run = await runSwitchboard(args, { cwd: directory.path, env: { RECORD_IMPORTS: record }, nodeArgs: ['--import', RECORD_IMPORTS] });
      const imported = readFileSync(record, 'utf8');

      expect(run.code).toBe(0);
      expect(imported).toContain('/dist/main.js');
      expect(imported).not.toMatch(/\/(core|provider-dynaspark|provider-openai-compatible|server|emulators)\/dist\//);
      if (args[0] === '--version') expect(imported).not.toContain('commander');
    } finally {
      directory.remove();
    }
  });
});
