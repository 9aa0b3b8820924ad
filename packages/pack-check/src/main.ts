// The pack-and-install check: what a user installs must work as it works here, installed the way
// the README says.
// 1. pack every published package (the packer `pnpm pack:all` uses);
// 2. `npm install` the tarballs into a fresh folder outside the workspace (third-party
//    dependencies come from the registry, as for a user), and run an ESM host, a CommonJS host and
//    a mixed one against the installed packages and the Dynaspark emulator of the installed
//    @switchboard/emulators;
// 3. run the README's "Installing before the first release" lines as written, in a shell: the
//    CLI into an empty folder (then `switchboard models` and `switchboard demo` from another empty
//    folder), and a plugin scaffolded with `--local`, which must build and pass its conformance
//    suite against the tarballs;
// 4. npm must print no EBADENGINE on the Node version we promise (>= 20.19) for any of it.
// 5. until the first release, a package README that installs from the registry links the root
//    README's "Installing before the first release".
// Any difference fails the run, with the output; the folder is removed either way
// (SWITCHBOARD_PACK_CHECK_KEEP=1 keeps it for a look).
import { exec, execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import { CLI_INSTALL, HOST_APP_INSTALL, SCAFFOLD_PLUGIN } from './install-lines.js';
import { packPackages } from './pack-packages.js';
import { readmesWithoutPreReleaseNote } from './pre-release-notes.js';
import { PACKAGES_DIR } from './published-packages.js';

const run = promisify(execFile);
const shell = promisify(exec);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const README = join(PACKAGES_DIR, '..', 'README.md');

const EMULATOR_ANSWER = (prompt: string) => `Echo from gemini-2.0-flash: ${prompt}`;
const HOST_RESULT = (greeting: string) => ({
  version: true,
  providers: ['dynaspark'],
  text: EMULATOR_ANSWER(greeting),
  provider: 'dynaspark',
  streamed: ['provider-info', 'text', 'finish'],
  rateLimited: 1_000,
  modelNotFound: 'gemini-2.0-flash',
  mocked: 'mocked',
});

/** Each host, and the one line of JSON it must print. */
const HOSTS: { file: string; expected: unknown }[] = [
  { file: 'esm-host.mjs', expected: HOST_RESULT('Hello from ESM') },
  { file: 'cjs-host.cjs', expected: HOST_RESULT('Hello from CommonJS') },
  {
    file: 'mixed-host.cjs',
    expected: {
      providers: ['mixed', 'dynaspark'],
      fromPlugin: 'hello from the ESM plugin',
      fromDynaspark: EMULATOR_ANSWER('Hello from a mixed host'),
      instanceofAcrossStyles: true,
      retryAfterMs: 1_234,
    },
  },
];

let passed = 0;
const failures: string[] = [];
function check(title: string, problems: readonly string[]): void {
  if (problems.length === 0) passed++;
  else failures.push(`${title}:\n    ${problems.join('\n    ')}`);
}

async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  console.log(`pack-check: ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** npm's complaint when a dependency wants another Node version than the one we promise. */
function engineWarnings(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('EBADENGINE'))
    .map((line) => `npm: ${line.trim()}`);
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-pack-check-'));
  const packs = join(folder, 'packs');
  const app = join(folder, 'app');
  for (const dir of [packs, app]) mkdirSync(dir);
  try {
    const packed = await step('packed the published packages', () => packPackages(packs));

    const dependencies = Object.fromEntries(packed.map(({ name, tarball }) => [name, `file:${tarball}`]));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check-app', version: '1.0.0', private: true, dependencies }, null, 2));
    for (const host of [...HOSTS.map((h) => h.file), 'mixed-plugin.mjs', 'exercise-registry.cjs'])
      copyFileSync(join(packageRoot, 'hosts', host), join(app, host));

    const installed = await step('installed every tarball with npm', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }),
    );
    check('npm install of every package', engineWarnings(installed.stdout + installed.stderr));

    await step(`ran ${HOSTS.length} host apps and the installed bins`, async () => {
      await Promise.all(
        HOSTS.map(async ({ file, expected }) => {
          const { stdout, stderr } = await run(process.execPath, [file], { cwd: app, env: cleanEnv(), timeout: 60_000 }).catch(failedRun);
          const line = stdout.trim().split('\n').at(-1) ?? '';
          let actual: unknown;
          try {
            actual = JSON.parse(line);
          } catch {
            actual = line;
          }
          const problems: string[] = [];
          if (!isDeepStrictEqual(actual, expected))
            problems.push(`expected ${JSON.stringify(expected)}`, `got ${JSON.stringify(actual)}`, `stderr: ${stderr.trim()}`);
          // A second copy of core would mean two DI containers; core names it with this code.
          if (stderr.includes('SWITCHBOARD_DUPLICATE_CORE')) problems.push(`more than one copy of @switchboard/core loaded:\n${stderr}`);
          check(file, problems);
        }),
      );
      const { version } = JSON.parse(readFileSync(join(PACKAGES_DIR, 'cli', 'package.json'), 'utf8')) as { version: string };
      const cli = await run(join(app, 'node_modules', '.bin', 'switchboard'), ['--version'], { cwd: app, env: cleanEnv() }).catch(failedRun);
      check('switchboard --version', cli.stdout.trim() === version ? [] : [`expected ${version}, got ${cli.stdout.trim()} ${cli.stderr}`]);
      const create = await run(join(app, 'node_modules', '.bin', 'create-switchboard-provider'), ['--help'], { cwd: app, env: cleanEnv() }).catch(failedRun);
      check(
        'create-switchboard-provider --help',
        create.stdout.includes('npm create switchboard-provider@latest') ? [] : [`unexpected output ${create.stdout}`],
      );
    });

    const readme = readFileSync(README, 'utf8');
    check(
      'README install lines',
      [HOST_APP_INSTALL, CLI_INSTALL, SCAFFOLD_PLUGIN].filter((line) => !readme.includes(line)).map((line) => `the README does not show: ${line}`),
    );
    check('package READMEs that install from the registry point at the pre-release install', readmesWithoutPreReleaseNote());
    await step("installed the CLI as the README says, ran 'switchboard models' and 'switchboard demo'", () => checkCliInstall(folder, packs));
    await step('scaffolded a plugin with --local, built it and ran its conformance suite', () => checkScaffoldedPlugin(folder, packs));

    if (failures.length > 0) throw new Error(`the installed packages do not work as built:\n- ${failures.join('\n- ')}`);
    console.log(`pack-check: ${passed} passed, 0 failed (hosts on every tarball, the README's CLI and plugin installs, no EBADENGINE)`);
  } finally {
    if (process.env['SWITCHBOARD_PACK_CHECK_KEEP'] === '1') console.log(`pack-check: kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}

/** The README's CLI line in an empty project, then the CLI from another empty folder. */
async function checkCliInstall(folder: string, packs: string): Promise<void> {
  const tools = join(folder, 'tools');
  const elsewhere = join(folder, 'elsewhere');
  for (const dir of [tools, elsewhere]) mkdirSync(dir);
  await run('npm', ['init', '-y'], { cwd: tools, env: cleanEnv() });
  const install = await shell(CLI_INSTALL, { cwd: tools, env: { ...cleanEnv(), PACKS: packs }, maxBuffer: 16 * 1024 * 1024 }).catch(failedRun);
  check('the CLI install line', [...engineWarnings(install.stdout + install.stderr), ...('code' in install ? [install.stderr] : [])]);
  const switchboard = join(tools, 'node_modules', '.bin', 'switchboard');
  const models = await run(switchboard, ['models', '--json'], { cwd: elsewhere, env: cleanEnv() }).catch(failedRun);
  let ids: string[] = [];
  try {
    ids = (JSON.parse(models.stdout) as { id: string }[]).map((model) => model.id);
  } catch {
    // reported below with the output
  }
  check('switchboard models', ids.includes('gemini-2.0-flash') ? [] : [`expected gemini-2.0-flash among the models, got ${models.stdout} ${models.stderr}`]);
  const demo = await run(switchboard, ['demo'], { cwd: elsewhere, env: cleanEnv(), timeout: 120_000 }).catch(failedRun);
  check('switchboard demo', /== Done/.test(demo.stdout) && !('code' in demo) ? [] : [`the demo did not finish:\n${demo.stdout}\n${demo.stderr}`]);
}

/** The README's scaffold line (which installs with npm), then the plugin's own build and tests. */
async function checkScaffoldedPlugin(folder: string, packs: string): Promise<void> {
  const work = join(folder, 'plugin');
  mkdirSync(work);
  const env = { ...cleanEnv(), PACKS: packs };
  const created = await shell(SCAFFOLD_PLUGIN, { cwd: work, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 }).catch(failedRun);
  check('the scaffold line', [...engineWarnings(created.stdout + created.stderr), ...('code' in created ? [`${created.stdout}\n${created.stderr}`] : [])]);
  const plugin = join(work, 'acme-switchboard-provider');
  const built = await run('npm', ['run', 'build'], { cwd: plugin, env: cleanEnv() }).catch(failedRun);
  check('npm run build in the plugin', 'code' in built ? [`${built.stdout}\n${built.stderr}`] : []);
  const tested = await run('npm', ['test'], { cwd: plugin, env: cleanEnv(), timeout: 300_000 }).catch(failedRun);
  const summary = /Tests:\s+(?:(\d+) failed, )?(\d+) passed/.exec(tested.stderr);
  check(
    'npm test in the plugin (its conformance suite on the tarballs)',
    summary && !summary[1] && tested.stderr.includes('PASS test/conformance.test.ts') && !('code' in tested) ? [] : [`${tested.stdout}\n${tested.stderr}`],
  );
}

/** A command that failed, as its output (and exit code), so the check can say what it printed. */
function failedRun(error: { stdout?: string; stderr?: string; code?: number | string; message: string }) {
  return { stdout: error.stdout ?? '', stderr: `${error.stderr ?? ''}\n${error.message}`, code: error.code ?? 1 };
}

/** The environment without what the workspace's runners add (NODE_OPTIONS, npm_config_* from pnpm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('npm_') && !key.startsWith('PNPM_')),
  ) as NodeJS.ProcessEnv;
}

main().catch((error: unknown) => {
  console.error(`pack-check FAILED: ${error instanceof Error ? error.message : String(error)}`);
  console.log(`pack-check: ${passed} passed, ${Math.max(failures.length, 1)} failed`);
  process.exitCode = 1;
});
