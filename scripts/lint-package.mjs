// `pnpm lint:package` in a published package: packs it as it would be published (`pnpm pack`),
// then checks the tarball with publint (strict) and Are The Types Wrong (esm-only profile: we ship
// ESM only, and CommonJS hosts load it through Node's require(esm)), plus our own rules: README
// and LICENSE inside, only what users need (no tests or fixtures), a declaration map beside every
// declaration whose sources ship too (so "go to definition" lands in real code). Fails with every
// finding listed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const ALLOWED_TOP = new Set(['package.json', 'README.md', 'LICENSE', 'dist', 'src', 'bin', 'schema', 'template']);

const folder = mkdtempSync(join(tmpdir(), 'lint-package-'));
const problems = [];
try {
  // pnpm rewrites workspace: ranges into real versions, as publishing does. The pnpm that runs
  // this script (`pnpm run` names itself), else the one the README uses.
  const pnpm = process.env.npm_execpath?.includes('pnpm') ? [process.execPath, process.env.npm_execpath] : ['npx', '-y', 'pnpm@10'];
  execFileSync(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', folder], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = join(
    folder,
    readdirSync(folder).find((name) => name.endsWith('.tgz')),
  );
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));

  for (const required of ['package.json', 'README.md', 'LICENSE']) if (!files.includes(required)) problems.push(`${required} is not in the tarball`);
  for (const file of files) {
    if (!ALLOWED_TOP.has(file.split('/')[0])) problems.push(`${file}: not something users need (files: dist, src, bin, schema, README, LICENSE)`);
    if (!file.startsWith('template/') && /\.test\.|__fixtures__|\.tsbuildinfo$/.test(file)) problems.push(`${file}: a test or build artifact is published`);
    if (file.endsWith('.d.ts') && !file.startsWith('template/') && !files.includes(`${file}.map`)) problems.push(`${file}: no declaration map beside it`);
  }

  // Every source a declaration map points at must be in the tarball.
  const unpacked = join(folder, 'unpacked');
  execFileSync('mkdir', ['-p', unpacked]);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  for (const file of files.filter((name) => name.endsWith('.d.ts.map') && !name.startsWith('template/'))) {
    const map = JSON.parse(readFileSync(join(unpacked, 'package', file), 'utf8'));
    for (const source of map.sources ?? []) {
      const target = join(dirname(file), source).replace(/\\/g, '/');
      if (!files.includes(target)) problems.push(`${file}: its source ${target} is not in the tarball`);
    }
  }

  for (const [name, args] of [
    ['publint', [bin('publint'), 'run', '--strict', tarball]],
    ['attw', [bin('attw'), tarball, '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    try {
      execFileSync(args[0], args.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      problems.push(`${name} failed:\n${error.stdout}${error.stderr}`);
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`lint:package found ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('lint:package: publint, attw (esm-only) and the tarball rules pass');
