// `pnpm test`'s summary (scripts/run-tests.mjs), run as the README runs it, against stand-ins for
// biome and turbo first on PATH: a passing run is a few lines ending in "N passed, N failed"; a
// failing one shows the failed task's whole output and says how many failed.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/run-tests.mjs', import.meta.url));

const BIOME = `#!/usr/bin/env node
console.log('\\u001b[34mChecked 12 files in 30ms.\\u001b[0m No fixes applied.');
`;

// Turbo's --json events: task output lines, then its own footer; FAKE_TURBO_FAIL=1 fails one test task.
const TURBO = `#!/usr/bin/env node
const fail = process.env.FAKE_TURBO_FAIL === '1' && process.argv.includes('test');
const say = (source, text, level = source === 'turbo' ? 'info' : 'stdout') => console.log(JSON.stringify({ source, level, timestamp: Date.now(), text }));
const tasks = process.argv.includes('lint')
  ? {
      'a#build': ['cache hit, replaying logs 1', '> tsc -p tsconfig.build.json'],
      'a#lint': ['cache hit, replaying logs 2', '> tsc -p tsconfig.json'],
      'b#lint': ['cache miss, executing 3', '> tsc -p tsconfig.json'],
      'a#lint:package': ['cache miss, executing 4', 'lint:package: publint, attw (esm-only) and the tarball rules pass'],
    }
  : {
      'a#build': ['cache hit, replaying logs 1', '> tsc -p tsconfig.build.json'],
      'a#test': ['cache miss, executing 5', 'PASS src/a.test.ts', 'Test Suites: 1 passed, 1 total', 'Tests:       3 passed, 3 total'],
      'b#test': fail
        ? ['cache miss, executing 6', 'FAIL src/b.test.ts', '  ● b › breaks', '    expect(received).toBe(expected)', 'Test Suites: 1 failed, 1 total', 'Tests:       1 failed, 2 passed, 3 total']
        : ['cache miss, executing 6', 'PASS src/b.test.ts', 'Test Suites: 1 passed, 1 total', 'Tests:       1 skipped, 3 passed, 4 total'],
      'pack-check#test': ['cache miss, executing 7', 'pack-check: packed the published packages (1.0 s)', 'pack-check: 5 passed, 0 failed (hosts)'],
    };
say('turbo', '   • turbo 2.11.11');
for (const [task, lines] of Object.entries(tasks)) for (const line of lines) say(task, line);
if (fail) say('turbo', 'command (/repo/packages/b) pnpm run test exited (1)', 'error');
say('turbo', ' Tasks:    3 successful, 4 total');
if (fail) say('turbo', 'Failed:    b#test');
process.exitCode = fail ? 1 : 0;
`;

let bin: string;

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'test-summary-'));
  for (const [name, source] of Object.entries({ biome: BIOME, turbo: TURBO })) {
    writeFileSync(join(bin, name), source);
    chmodSync(join(bin, name), 0o755);
  }
});

afterAll(() => rmSync(bin, { recursive: true, force: true }));

function summary(fail: boolean): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT],
      { env: { PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`, ...(fail ? { FAKE_TURBO_FAIL: '1' } : {}) } },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

describe('the test summary', () => {
  it('reads a passing run as a line per step and package, ending in one "N passed, N failed" line', async () => {
    const { code, stdout } = await summary(false);

    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'lint   biome: Checked 12 files in 30ms. No fixes applied.',
      expect.stringMatching(/^lint {3}tsc in 2 packages, publint and attw in 1: passed in \d+\.\d s \(2 of 4 tasks from cache\)$/),
      expect.stringMatching(/^test {3}a {39} 3 passed$/),
      expect.stringMatching(/^test {3}b {39} 3 passed, 1 skipped$/),
      expect.stringMatching(/^test {3}pack-check {30} 5 passed$/),
      '',
      expect.stringMatching(/^11 passed, 0 failed \(\d+\.\d s\)$/),
    ]);
  });

  it("shows a failed task's whole output and counts its failures, exit code 1", async () => {
    const { code, stdout } = await summary(true);

    expect(code).toBe(1);
    expect(stdout).toContain('── b#test failed');
    expect(stdout).toContain('FAIL src/b.test.ts\n  ● b › breaks\n    expect(received).toBe(expected)\n');
    expect(stdout).toContain('command (/repo/packages/b) pnpm run test exited (1)');
    // Passing tasks stay quiet, failing or not.
    expect(stdout).not.toContain('PASS src/a.test.ts');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^10 passed, 1 failed \(\d+\.\d s\)$/);
  });
});
