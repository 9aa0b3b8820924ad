// Bundles a package's compiled dist/ into its entry modules and a few shared chunks (esbuild), in
// place: run by a package's `build` script from the package folder, after tsc. Node 20 has no
// compile cache, and loading an ES module costs a file open, a stat, a read and a link of its own:
// core alone is ~120 files, which cost a CLI command more start-up than all it runs. Bundled, a
// package is a handful of files; its dynamic imports stay chunks loaded only when used.
//
// `node ../../scripts/bundle-dist.mjs [entry.js ...]`: the entries are the package's exports (the
// `default` of each, `./package.json` aside) plus any named here (a bin's target). Dependencies,
// workspace packages included, stay imports: one copy of core, one DI container. The chunks go
// beside the entries, so `import.meta.url` keeps its depth below the package folder; the
// declarations (.d.ts) tsc wrote stay as they are; the other .js files are removed. Source maps
// lead through tsc's to src/.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const DIST = resolve('dist');
const manifest = JSON.parse(await readFile('package.json', 'utf8'));
const exported = Object.entries(manifest.exports ?? {})
  .filter(([key]) => key !== './package.json')
  .map(([, target]) => (typeof target === 'string' ? target : target.default))
  .filter((target) => typeof target === 'string' && target.endsWith('.js'));
const entries = [...new Set([...exported, ...process.argv.slice(2)].map((entry) => resolve(entry)))];
if (entries.length === 0) throw new Error(`${manifest.name}: nothing to bundle (no .js exports and no entries named)`);
const outdir = dirname(entries[0]);
for (const entry of entries) {
  if (!entry.startsWith(`${DIST}/`)) throw new Error(`${manifest.name}: entry ${entry} is not in dist/`);
  if (dirname(entry) !== outdir)
    throw new Error(`${manifest.name}: entries must share one folder (${relative('.', outdir)}), ${relative('.', entry)} does not`);
}

const result = await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: false,
  write: false,
  logLevel: 'warning',
});

// Everything tsc compiled goes; declarations stay.
for (const file of await readdir(DIST, { recursive: true })) {
  if (/\.js(\.map)?$/.test(file)) await rm(join(DIST, file));
}
for (const { path, contents } of result.outputFiles) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
}
