import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');

describe('the built packages (dist/), in plain Node', () => {
  it('registers the plugin by import and answers through the registry', async () => {
    // turbo runs `build` before `test`; a missing dist would make this test meaningless.
    expect(existsSync(join(packageRoot, 'dist', 'index.js'))).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [join(here, 'fixtures', 'dist-host.mjs')], {
      cwd: packageRoot,
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 20_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(result).toEqual({
      providers: ['dynaspark'],
      text: 'Echo from gemini-2.0-flash: Hello from dist',
      provider: 'dynaspark',
      model: 'gemini-2.0-flash',
      streamed: ['provider-info', 'text', 'finish'],
      notFound: expect.arrayContaining(['gemini-2.0-flash']),
      apiEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/dsai_fuck_u_spammer$/),
    });
  });
});
