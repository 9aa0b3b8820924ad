// The built initializer, run as `npm create` runs it, into an empty folder; the plugin it writes
// is then built with tsc and its own tests run (the conformance suite among them), against the
// workspace's @switchboard packages linked in as an installed copy would be.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspace = join(packageRoot, '..', '..');
const bin = join(packageRoot, 'bin', 'create-switchboard-provider.js');
const env = { ...process.env, NODE_OPTIONS: '' };

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'create-switchboard-provider-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** What `npm install` would put in node_modules, taken from the workspace. */
function linkDependencies(plugin: string): void {
  const links: Record<string, string> = {
    '@switchboard/core': join(workspace, 'packages', 'core'),
    '@switchboard/testing': join(workspace, 'packages', 'testing'),
  };
  for (const name of ['typescript', 'jest', 'ts-jest', '@jest/globals', '@types/node']) links[name] = realpathSync(join(workspace, 'node_modules', name));
  for (const [name, target] of Object.entries(links)) {
    const link = join(plugin, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

describe('create-switchboard-provider', () => {
  it('scaffolds a plugin that builds, registers itself and passes the conformance suite', async () => {
    const created = await run(process.execPath, [bin, 'acme-switchboard-provider', '--no-install'], { cwd: folder, env });
    expect(created.stdout).toContain("provider 'acme' (AcmeProvider)");
    const plugin = join(folder, 'acme-switchboard-provider');
    const manifest = JSON.parse(readFileSync(join(plugin, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    expect(manifest['name']).toBe('acme-switchboard-provider');
    expect(manifest['peerDependencies']).toEqual({ '@switchboard/core': `^${version}` });
    expect(existsSync(join(plugin, '.gitignore'))).toBe(true);
    expect(readFileSync(join(plugin, 'src', 'provider.ts'), 'utf8')).not.toMatch(/__[A-Z_]+__/);

    linkDependencies(plugin);
    await run(process.execPath, [join(plugin, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: plugin, env });
    expect(existsSync(join(plugin, 'dist', 'index.js'))).toBe(true);
    expect(existsSync(join(plugin, 'dist', 'index.d.ts'))).toBe(true);
    await run(process.execPath, [join(plugin, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: plugin, env });

    const tested = await run(process.execPath, [join(plugin, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--verbose'], {
      cwd: plugin,
      env: { ...env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
    });
    expect(tested.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(tested.stderr).toContain('Acme: provider conformance');
    expect(tested.stderr).not.toMatch(/failed/);
  }, 120_000);

  it('--local takes @switchboard/core and @switchboard/testing from a folder of tarballs, keeping the peer range', async () => {
    const packs = join(folder, 'packs');
    mkdirSync(packs);
    for (const file of ['switchboard-core.tgz', 'switchboard-testing-0.1.0.tgz', 'switchboard-cli.tgz']) writeFileSync(join(packs, file), '');

    const created = await run(process.execPath, [bin, 'local-switchboard-provider', '--no-install', '--local', 'packs'], { cwd: folder, env });

    const manifest = JSON.parse(readFileSync(join(folder, 'local-switchboard-provider', 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    expect(manifest['devDependencies']).toMatchObject({
      '@switchboard/core': `file:${join(packs, 'switchboard-core.tgz')}`,
      '@switchboard/testing': `file:${join(packs, 'switchboard-testing-0.1.0.tgz')}`,
    });
    expect(manifest['peerDependencies']).toEqual({ '@switchboard/core': `^${version}` });
    expect(created.stdout).toContain('once they are published');
  });

  it('--local refuses a folder without the tarballs, saying how to make them, before writing anything', async () => {
    const missing = await run(process.execPath, [bin, 'nowhere-switchboard-provider', '--no-install', '--local', 'no-such-folder'], { cwd: folder, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    mkdirSync(join(folder, 'empty-packs'));
    const empty = await run(process.execPath, [bin, 'nowhere-switchboard-provider', '--no-install', '--local', 'empty-packs'], { cwd: folder, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );

    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('--local no-such-folder: no such folder. Run `npx -y pnpm@10 pack:all`') });
    expect(empty).toMatchObject({ code: 1, stderr: expect.stringContaining('--local empty-packs: no switchboard-core.tgz in ') });
    expect(existsSync(join(folder, 'nowhere-switchboard-provider'))).toBe(false);
  });

  it('refuses a folder that is not empty, and a missing name, with the usage', async () => {
    const again = await run(process.execPath, [bin, 'acme-switchboard-provider', '--no-install'], { cwd: folder, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists and is not an empty folder') });
    const nameless = await run(process.execPath, [bin], { cwd: folder, env }).catch((error: { code: number; stderr: string }) => error);
    expect(nameless).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm create switchboard-provider@latest') });
  });
});
