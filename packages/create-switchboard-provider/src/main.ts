import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { localTarballs } from './local-tarballs.js';
import { providerNames } from './provider-names.js';
import { scaffold } from './scaffold.js';

const USAGE = `Usage: npm create switchboard-provider@latest <package-name> [-- options]
       npx create-switchboard-provider <package-name> [options]

Creates <package-name>/ with a Switchboard provider plugin that builds (tsc), registers itself when
imported, and passes the conformance suite of @switchboard/testing.

Options:
  --id <id>         provider id (default: from the package name: acme-switchboard-provider -> acme)
  --local <folder>  install @switchboard/core and @switchboard/testing from the tarballs in <folder>
                    (what \`pnpm pack:all\` writes to packs/ in a Switchboard checkout), not the registry
  --no-install      do not install dependencies
  -h, --help        this help
  -v, --version     the initializer's version`;

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function run(argv: readonly string[]): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      local: { type: 'string' },
      'no-install': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const { version } = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string };
  if (values.help) return print(USAGE, 0);
  if (values.version) return print(version, 0);
  if (positionals.length !== 1) return print(`${positionals.length === 0 ? 'Give the package name.' : 'Give one package name.'}\n\n${USAGE}`, 2, 'error');

  const names = providerNames(positionals[0]!, values.id);
  const target = resolve(process.cwd(), names.directory);
  const tarballs = values.local === undefined ? undefined : localTarballs(values.local, process.cwd());
  const files = scaffold({
    template: resolve(packageRoot, 'template'),
    target,
    names,
    switchboardRange: `^${version}`,
    ...(tarballs ? { localTarballs: tarballs } : {}),
  });
  console.log(`Created ${names.packageName} in ${target}: provider '${names.id}' (${names.className}), ${files.length} files.`);
  if (tarballs) {
    console.log(
      `@switchboard/core and @switchboard/testing come from ${Object.values(tarballs).join(' and ')}; once they are published, ` +
        `\`npm install -D @switchboard/core@^${version} @switchboard/testing@^${version}\` uses the registry again.`,
    );
  }

  if (!values['no-install']) {
    const manager = packageManager();
    console.log(`Installing dependencies with ${manager}…`);
    const installed = spawnSync(manager, ['install'], { cwd: target, stdio: 'inherit', shell: process.platform === 'win32' });
    if (installed.status !== 0) return print(`${manager} install failed; run it again in ${target}.`, 1, 'error');
  }
  console.log(`\nNext:\n  cd ${names.directory}\n${values['no-install'] ? '  npm install\n' : ''}  npm run build\n  npm test`);
  return 0;
}

/** The package manager that ran us (`npm create`, `pnpm create`, `yarn create`), npm otherwise. */
function packageManager(): string {
  const agent = process.env['npm_config_user_agent'] ?? '';
  return ['pnpm', 'yarn', 'bun'].find((name) => agent.startsWith(`${name}/`)) ?? 'npm';
}

function print(text: string, code: number, stream: 'log' | 'error' = 'log'): number {
  console[stream](text);
  return code;
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (error) {
  console.error(`create-switchboard-provider: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS') ? 2 : 1;
}
