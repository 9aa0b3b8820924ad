// The pack-and-install check: what a user installs from the registry must work as it works here.
// 1. `pnpm pack` every published package (workspace ranges become versions, `files` applies);
// 2. `npm install` the tarballs into a fresh folder outside the workspace (third-party
//    dependencies come from the registry, as for a user);
// 3. run an ESM host, a CommonJS host and a mixed one against the installed packages and the
//    Dynaspark emulator started from the installed @switchboard/emulators, and the installed bins.
// Any difference from the expected output fails the run, with the hosts' output; the folder is
// removed either way (SWITCHBOARD_PACK_CHECK_KEEP=1 keeps it for a look).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..');
const packagesDir = join(packageRoot, '..');

/** The published packages, by folder: what a user can install. */
const PUBLISHED = ['core', 'provider-dynaspark', 'provider-openai-compatible', 'emulators', 'server', 'cli', 'testing', 'create-switchboard-provider'];

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

/** The pnpm that runs this script (`pnpm run` names itself), else the one the README uses. */
function pnpm(): [string, string[]] {
  const execPath = process.env['npm_execpath'];
  return execPath?.includes('pnpm') ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10']];
}

async function step<T>(title: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  console.log(`pack-check: ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-pack-check-'));
  const tarballs = join(folder, 'tarballs');
  const app = join(folder, 'app');
  mkdirSync(tarballs);
  mkdirSync(app);
  try {
    await step(`packed ${PUBLISHED.length} packages`, async () => {
      const [command, prefix] = pnpm();
      await Promise.all(PUBLISHED.map((dir) => run(command, [...prefix, 'pack', '--pack-destination', tarballs], { cwd: join(packagesDir, dir) })));
    });

    const dependencies: Record<string, string> = {};
    for (const file of readdirSync(tarballs)) {
      const dir = PUBLISHED.find((name) => file.startsWith(`${name}-`) || file.startsWith(`switchboard-${name}-`))!;
      const { name } = JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')) as { name: string };
      dependencies[name] = `file:${join(tarballs, file)}`;
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check-app', version: '1.0.0', private: true, dependencies }, null, 2));
    for (const host of [...HOSTS.map((h) => h.file), 'mixed-plugin.mjs', 'exercise-registry.cjs'])
      copyFileSync(join(packageRoot, 'hosts', host), join(app, host));

    await step('installed the tarballs with npm', () =>
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }),
    );

    const failures: string[] = [];
    await step(`ran ${HOSTS.length} host apps and the installed bins`, async () => {
      await Promise.all(
        HOSTS.map(async ({ file, expected }) => {
          const { stdout, stderr } = await run(process.execPath, [file], { cwd: app, env: cleanEnv(), timeout: 60_000 }).catch(
            (error: { stdout?: string; stderr?: string; message: string }) => ({
              stdout: error.stdout ?? '',
              stderr: `${error.stderr ?? ''}\n${error.message}`,
            }),
          );
          const line = stdout.trim().split('\n').at(-1) ?? '';
          let actual: unknown;
          try {
            actual = JSON.parse(line);
          } catch {
            actual = line;
          }
          if (!isDeepStrictEqual(actual, expected))
            failures.push(`${file}: expected ${JSON.stringify(expected)}\n  got ${JSON.stringify(actual)}\n  stderr: ${stderr.trim()}`);
          // A second copy of core would mean two DI containers; core names it with this code.
          if (stderr.includes('SWITCHBOARD_DUPLICATE_CORE')) failures.push(`${file}: more than one copy of @switchboard/core loaded:\n${stderr}`);
        }),
      );
      const { version } = JSON.parse(readFileSync(join(packagesDir, 'cli', 'package.json'), 'utf8')) as { version: string };
      const cli = await run(join(app, 'node_modules', '.bin', 'switchboard'), ['--version'], { cwd: app, env: cleanEnv() });
      if (cli.stdout.trim() !== version) failures.push(`switchboard --version: expected ${version}, got ${cli.stdout.trim()}`);
      const create = await run(join(app, 'node_modules', '.bin', 'create-switchboard-provider'), ['--help'], { cwd: app, env: cleanEnv() });
      if (!create.stdout.includes('npm create switchboard-provider@latest'))
        failures.push(`create-switchboard-provider --help: unexpected output ${create.stdout}`);
    });

    if (failures.length > 0) throw new Error(`the installed packages do not work as built:\n- ${failures.join('\n- ')}`);
    console.log('pack-check: 3 passed, 0 failed (ESM, CommonJS and mixed hosts on the installed tarballs)');
  } finally {
    if (process.env['SWITCHBOARD_PACK_CHECK_KEEP'] === '1') console.log(`pack-check: kept ${folder}`);
    else rmSync(folder, { recursive: true, force: true });
  }
}

/** The environment without what the workspace's runners add (NODE_OPTIONS, npm_config_* from pnpm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && !key.startsWith('npm_') && !key.startsWith('PNPM_')),
  ) as NodeJS.ProcessEnv;
}

main().catch((error: unknown) => {
  console.error(`pack-check FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
