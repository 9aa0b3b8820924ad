import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkLayers, readLayers } from '../scripts/check-layers.mjs';

const coreDir = fileURLToPath(new URL('..', import.meta.url));
const script = join(coreDir, 'scripts', 'check-layers.mjs');
const architecture = readFileSync(join(coreDir, '..', '..', 'ARCHITECTURE.md'), 'utf8');
const layers = readLayers(architecture);

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A source tree in a temporary folder: path -> file text. */
function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), 'check-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return scratch;
}

describe('the layers inside core', () => {
  it('are read from ARCHITECTURE.md, lowest first', () => {
    expect(Object.fromEntries(layers)).toEqual({
      errors: 1,
      validation: 1,
      logging: 1,
      provider: 2,
      media: 3,
      http: 3,
      store: 3,
      telemetry: 3,
      events: 4,
      orchestration: 4,
      health: 5,
      tools: 5,
      registry: 6,
      di: 6,
      testing: 7,
    });
  });

  it('hold in core today: no file imports a higher layer, every folder is placed', () => {
    expect(checkLayers({ sourceDir: join(coreDir, 'src'), layers })).toEqual([]);
  });
});

describe('the layer check', () => {
  it('fails on an upward import of any kind: value, type, inline import() type, dynamic import', () => {
    const sourceDir = tree({
      'errors/value.ts': "import { createRegistry } from '../registry/create-registry.js';\n",
      'errors/type-only.ts': "import type { Provider } from '../provider/provider.js';\n",
      'provider/inline.ts': "\nexport type Later = import('../tools/tool-request.js').ToolRequest;\n",
      'http/lazy.ts': "export const load = () => import('../health/health-monitor.js');\n",
      'registry/fine.ts': "import { isBlank } from '../provider/is-blank.js';\nimport { x } from './same-folder.js';\n",
    });

    expect(checkLayers({ sourceDir, layers })).toEqual([
      expect.stringMatching(/^src\/errors\/type-only\.ts:1 imports \.\.\/provider\/provider\.js: errors\/ is layer 1, provider\/ is layer 2/),
      expect.stringMatching(/^src\/errors\/value\.ts:1 imports \.\.\/registry\/create-registry\.js: errors\/ is layer 1, registry\/ is layer 6/),
      expect.stringMatching(/^src\/http\/lazy\.ts:1 imports \.\.\/health\/health-monitor\.js: http\/ is layer 3, health\/ is layer 5/),
      expect.stringMatching(/^src\/provider\/inline\.ts:2 imports \.\.\/tools\/tool-request\.js: provider\/ is layer 2, tools\/ is layer 5/),
    ]);
  });

  it('fails on a folder the page does not place, and on a file outside every folder', () => {
    const sourceDir = tree({ 'misc/helper.ts': 'export const x = 1;\n', 'loose.ts': 'export const y = 2;\n' });

    expect(checkLayers({ sourceDir, layers })).toEqual([
      expect.stringContaining('src/loose.ts is in no layer'),
      expect.stringContaining('src/misc/ is in no layer'),
    ]);
  });

  it('exempts the entry files, tests and fixtures, but no layer may import an entry file', () => {
    const sourceDir = tree({
      'entries/index.ts': "export * from '../registry/create-registry.js';\n",
      'errors/errors.test.ts': "import { createRegistry } from '../registry/create-registry.js';\n",
      'errors/types.test-d.ts': "import type { Registry } from '../registry/registry.js';\n",
      'errors/__fixtures__/registry.ts': "import { createRegistry } from '../../registry/create-registry.js';\n",
      'registry/public.ts': "import { createRegistry } from '../entries/index.js';\n",
    });

    expect(checkLayers({ sourceDir, layers })).toEqual([expect.stringMatching(/^src\/registry\/public\.ts:1 imports an entry file/)]);
  });

  it('as `pnpm lint` runs it: a planted upward import in a copy of core fails it, naming the file', () => {
    const sourceDir = join(tree({}), 'src');
    cpSync(join(coreDir, 'src'), sourceDir, { recursive: true });
    const clean = spawnSync(process.execPath, [script, sourceDir], { encoding: 'utf8' });
    writeFileSync(
      join(sourceDir, 'errors', 'planted.ts'),
      "import type { RegistryRuntime } from '../registry/registry-runtime.js';\nexport type Planted = RegistryRuntime;\n",
    );
    const planted = spawnSync(process.execPath, [script, sourceDir], { encoding: 'utf8' });

    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    expect(planted.status).toBe(1);
    expect(planted.stderr).toContain('src/errors/planted.ts:1 imports ../registry/registry-runtime.js: errors/ is layer 1, registry/ is layer 6');
  });
});
