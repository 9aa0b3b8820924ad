import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDirectory, runSwitchboard } from './run-switchboard.js';

const RECORD_LOADED_MODULES = fileURLToPath(new URL('./__fixtures__/record-loaded-modules.js', import.meta.url));

/** The configuration file the CLI's README shows (the one `pnpm bench` times `models --json` with). */
function readmeConfig(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const match = /```json\n(\{\n {2}"\$schema"[\s\S]*?)```/.exec(readme);
  if (!match) throw new Error("the CLI's README has no configuration example (a ```json block starting with $schema)");
  return match[1]!;
}

// What `switchboard models` needs is core, the plugins, valibot and the file. Each of these loads
// when what needs it happens (a request, a log line, an event stream, a tool's schema, the
// gateway, a shared store, telemetry, a spinner, the demo): loaded at start-up, it is time a person
// waits for on every command.
const LOADED_WHEN_USED: readonly (readonly [string, RegExp])[] = [
  ['undici (the first request)', /\/node_modules\/undici\//],
  ['ky (the first control request)', /\/node_modules\/ky\//],
  ['pino (the first logger)', /\/node_modules\/pino\//],
  ['eventsource-parser (the first event stream)', /\/node_modules\/eventsource-parser\//],
  ['ajv, re2js, @valibot/to-json-schema (the first tool schema)', /\/node_modules\/(ajv|re2js|@valibot\/to-json-schema)\//],
  ['OpenTelemetry (serve --otel)', /\/node_modules\/@opentelemetry\//],
  ['the gateway, the Redis store, the emulators', /\/(server|store-redis|emulators)\/dist\/|\/node_modules\/ioredis\//],
  ['yocto-spinner (a spinner drawn)', /\/node_modules\/yocto-spinner\//],
  ['commander and picocolors as installed (the build bundles them into the CLI)', /\/node_modules\/(commander|picocolors)\//],
  ['node:zlib (a compressed body)', /^node:zlib$/m],
  ['node:crypto (a budget, a multipart body, a store)', /^node:crypto$/m],
  ['node:child_process (commander: executable subcommands)', /^node:child_process$/m],
  ['node:http, node:https (the gateway, requests)', /^node:https?$/m],
];

/** Every module `switchboard ...args` loaded, one URL (or `node:name`) a line. */
async function modulesLoaded(args: readonly string[], files: Record<string, string>, env: Record<string, string>): Promise<string> {
  const directory = emptyDirectory(files);
  const record = join(directory.path, 'imports.txt');
  try {
    const run = await runSwitchboard(args, { cwd: directory.path, env: { ...env, RECORD_IMPORTS: record }, nodeArgs: ['--import', RECORD_LOADED_MODULES] });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return readFileSync(record, 'utf8');
  } finally {
    directory.remove();
  }
}

describe('what a command loads at start-up', () => {
  // Nothing is sent: the address is never called.
  const env = { DYNASPARK_BASE_URL: 'http://127.0.0.1:9', GROQ_API_KEY: 'gsk_test', SWITCHBOARD_API_KEY: 'sk-test' };

  it("models --json with the README's config file loads core and the plugins, and nothing it does not use", async () => {
    const loaded = await modulesLoaded(['models', '--json'], { 'switchboard.config.json': readmeConfig() }, env);

    expect(loaded).toMatch(/\/core\/dist\//);
    expect(loaded).toMatch(/\/provider-openai-compatible\/dist\//);
    const unneeded = LOADED_WHEN_USED.filter(([, pattern]) => pattern.test(loaded)).map(([name]) => name);
    expect(unneeded).toEqual([]);
    // A file's providers are instances: tsyringe's container is not needed.
    expect(loaded).not.toMatch(/\/node_modules\/tsyringe\//);
  });

  it('models without a config file (the installed plugins, through the container) loads nothing it does not use either', async () => {
    const loaded = await modulesLoaded(['models', '--json'], {}, env);

    expect(loaded).toMatch(/\/provider-dynaspark\/dist\//);
    const unneeded = LOADED_WHEN_USED.filter(([, pattern]) => pattern.test(loaded)).map(([name]) => name);
    expect(unneeded).toEqual([]);
  });
});
