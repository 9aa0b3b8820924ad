import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// In a host process of its own, on the built package: what is loaded is the point.
const dist = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'entries');
const core = join(dist, 'index.js');
// What a plugin imports to register itself.
const pluginApi = join(dist, 'provider.js');

function run(script: string) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
  return { result: child.stdout.trim() === '' ? undefined : JSON.parse(child.stdout.trim()), stderr: child.stderr, status: child.status };
}

const provider = (id: string) => `({
  specificationVersion: plugin.PROVIDER_SPECIFICATION_VERSION, id: '${id}', url: 'https://${id}.example', working: true, needsAuth: false,
  supportsStream: false, supportsSystemMessage: true, supportsMessageHistory: true, defaultModel: 'm', defaultVisionModel: undefined,
  visionModels: [], models: ['m'], modelAliases: {}, async *createAsyncGenerator() { yield 'hi'; },
})`;

describe('tsyringe, loaded on first use', () => {
  it('is not loaded by registrations alone, nor by a registry of instances; a registry of registered providers serves what registered before', () => {
    const { result, stderr, status } = run(`
      import { createRequire } from 'node:module';
      const core = await import(${JSON.stringify(core)});
      const plugin = await import(${JSON.stringify(pluginApi)});
      const loaded = () => Object.keys(createRequire(process.cwd() + '/host.js').cache).some((path) => path.includes('tsyringe'));
      plugin.registerProvider(${provider('registered-early')});
      plugin.registerProvider({ id: 'made-early', createProvider: () => ${provider('made-early')} });
      const atImport = loaded();
      const instances = core.createRegistry({ providers: [${provider('instance')}], useRegistered: false }).providers().map((each) => each.id);
      const afterInstances = loaded();
      const served = core.createRegistry({ providerOptions: { 'made-early': {} } }).providers().map((each) => each.id);
      const { container } = createRequire(process.cwd() + '/host.js')(createRequire(${JSON.stringify(core)}).resolve('tsyringe'));
      console.log(JSON.stringify({ atImport, instances, afterInstances, served, after: loaded(), inGlobalContainer: container.isRegistered(Symbol.for('switchboard.Provider')) }));
    `);

    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(result).toEqual({
      atImport: false,
      instances: ['instance'],
      afterInstances: false,
      served: ['registered-early', 'made-early'],
      after: true,
      inGlobalContainer: true,
    });
  });

  it('refuses a malformed registration where the plugin registers, before tsyringe is loaded', () => {
    const { result, status } = run(`
      const plugin = await import(${JSON.stringify(pluginApi)});
      try {
        plugin.registerProvider({ id: '', createProvider: () => undefined });
      } catch (error) {
        console.log(JSON.stringify({ name: error.name, argument: error.argument }));
      }
    `);

    expect(status).toBe(0);
    expect(result).toEqual({ name: 'InvalidArgumentError', argument: 'registerProvider(registration)' });
  });
});
