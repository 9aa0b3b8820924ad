import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

// Two installed copies of core, as `npm link` or a `file:` plugin makes them: the built package and
// a copy of its dist/ in another folder with its own tsyringe (so its own DI container); the other
// dependencies resolve from this package.
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
let copyRoot: string;

beforeAll(() => {
  copyRoot = mkdtempSync(join(packageRoot, 'node_modules', '.second-core-'));
  cpSync(join(packageRoot, 'dist'), join(copyRoot, 'dist'), { recursive: true });
  // pnpm keeps tsyringe and its own dependencies side by side in one node_modules folder.
  const tsyringe = realpathSync(dirname(createRequire(join(packageRoot, 'package.json')).resolve('tsyringe/package.json')));
  cpSync(dirname(tsyringe), join(copyRoot, 'node_modules'), { recursive: true, dereference: true });
});

afterAll(() => rmSync(copyRoot, { recursive: true, force: true }));

/** Runs a host script in its own Node process; the script's last line is printed as JSON. */
function run(script: string) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  return { stdout: child.stdout.trim(), stderr: child.stderr, status: child.status };
}

const hostCore = () => join(packageRoot, 'dist', 'entries', 'index.js');
const pluginCore = () => join(copyRoot, 'dist', 'entries', 'provider.js');

const plugin = `
  const echo = {
    specificationVersion: plugin.PROVIDER_SPECIFICATION_VERSION, id: 'echo-cloud', url: 'https://echo.example', loginUrl: undefined,
    apiEndpoint: undefined, working: true, needsAuth: false, useNodriver: true, supportsStream: false, supportsSystemMessage: true,
    supportsMessageHistory: true, defaultModel: 'echo-1', defaultVisionModel: undefined, visionModels: [], models: ['echo-1'], modelAliases: {},
    async *createAsyncGenerator() { yield 'hi'; },
  };
  plugin.registerProvider(echo);
`;

describe('two copies of @switchboard/core in one process', () => {
  it('warns once at import, naming both copies and the fix', () => {
    const { stderr, status } = run(`
      await import(${JSON.stringify(hostCore())});
      await import(${JSON.stringify(pluginCore())});
    `);

    expect(status).toBe(0);
    expect(stderr.match(/SWITCHBOARD_DUPLICATE_CORE/g)).toHaveLength(1);
    expect(stderr).toContain('2 copies of @switchboard/core are loaded');
    expect(stderr).toContain('must list @switchboard/core as a peerDependency');
  });

  it("explains a plugin's provider missing from the host's registry: registered in the other copy", () => {
    const { stdout, status } = run(`
      const host = await import(${JSON.stringify(hostCore())});
      const plugin = await import(${JSON.stringify(pluginCore())});
      ${plugin}
      try {
        host.createRegistry({ providerOptions: { 'echo-cloud': {} } });
      } catch (error) {
        console.log(JSON.stringify({ name: error.name, message: error.message }));
      }
    `);

    expect(status).toBe(0);
    const error = JSON.parse(stdout) as { name: string; message: string };
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.message).toContain("no provider 'echo-cloud' is registered");
    expect(error.message).toContain("(registered: 'echo-cloud')");
    expect(error.message).toContain('Each has its own DI container');
  });

  it('says nothing when there is one copy', () => {
    const { stderr, status } = run(`
      const host = await import(${JSON.stringify(hostCore())});
      try { host.createRegistry({ providerOptions: { 'echo-cloud': {} } }); } catch (error) { console.log(error.message); }
    `);

    expect(status).toBe(0);
    expect(stderr).not.toContain('SWITCHBOARD_DUPLICATE_CORE');
  });
});
