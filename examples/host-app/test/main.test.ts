// The built app, run as its README runs it: its own process, the bundled emulator, the question
// from the command line.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const env = { PATH: process.env['PATH'] ?? '' };

describe('the host app', () => {
  it.each([
    ['a question', ['Why is the sky blue?']],
    // What `pnpm start -- "…"` passes on.
    ['a question after --', ['--', 'Why is the sky blue?']],
  ])('asks %s, and only that', async (_, args) => {
    const { stdout } = await run(process.execPath, [main, ...args], { env });

    expect(stdout).toMatch(/^@switchboard\/core \d+\.\d+\.\d+\S*; models: gemini-1\.5-flash, /);
    expect(stdout).toContain('\n> Why is the sky blue?\nEcho from gemini-2.0-flash: ');
    expect(stdout).not.toContain('> --');
  });
});
