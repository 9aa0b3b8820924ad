// Bundles a package's compiled dist/ into as few files as its entries allow (esbuild), in place:
// run by a package's `build` script from the package folder, after tsc. Node 20 has no compile
// cache, and every ES module costs a resolution, a file open and read (a round trip through
// libuv's thread pool each), a compile and a link of its own: a process pays for each file it
// loads, far more than for each kilobyte.
//
// `node ../../scripts/bundle-dist.mjs [--alone entry.js] [--vendor module.js] [--defer node:module] [entry.js ...]`
// (each option repeatable):
// - The entries are the package's exports (the `default` of each, `./package.json` aside) plus
//   any named here (a bin's target).
// - With several entries, their code goes into one module, `bundle.js`, and each entry becomes
//   a line that re-exports its own names from it: a process that imports core's `.` and
//   `./provider` (every plugin does) loads three files, not twenty chunks. An entry named with
//   `--alone` (test helpers, which load node:http) keeps its own file; what it shares with the
//   others becomes a chunk.
// - Dynamic imports stay chunks, loaded only when used.
// - Dependencies, workspace packages included, stay imports: one copy of core, one DI
//   container. `--vendor` names a module of the package that re-exports a dependency an
//   application (the CLI) bundles instead (`dist/commander.js`): it becomes one file holding the
//   dependency, which the rest imports, so the dependency costs one file rather than one per
//   module of it (a CommonJS one finds `require` through `createRequire`).
// - `--defer` names a built-in module a vendored dependency requires as it loads but uses only on
//   a path the package never takes (commander's `node:child_process`, for executable
//   subcommands, which the CLI has none of): it is required when first used, not at start-up.
// The chunks go beside the entries, so `import.meta.url` keeps its depth below the package
// folder; the declarations (.d.ts) tsc wrote stay as they are; the other .js files are removed.
// Source maps lead through tsc's to src/.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const DIST = resolve('dist');
const BUNDLE = 'bundle.js';
const manifest = JSON.parse(await readFile('package.json', 'utf8'));
const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    alone: { type: 'string', multiple: true, default: [] },
    vendor: { type: 'string', multiple: true, default: [] },
    defer: { type: 'string', multiple: true, default: [] },
  },
});
const exported = Object.entries(manifest.exports ?? {})
  .filter(([key]) => key !== './package.json')
  .map(([, target]) => (typeof target === 'string' ? target : target.default))
  .filter((target) => typeof target === 'string' && target.endsWith('.js'));
const entries = [...new Set([...exported, ...positionals].map((entry) => resolve(entry)))];
if (entries.length === 0) throw new Error(`${manifest.name}: nothing to bundle (no .js exports and no entries named)`);
const alone = flags.alone.map((entry) => resolve(entry));
for (const entry of alone) if (!entries.includes(entry)) throw new Error(`${manifest.name}: --alone ${relative('.', entry)} is not an entry`);
const outdir = dirname(entries[0]);
for (const entry of entries) {
  if (!entry.startsWith(`${DIST}/`)) throw new Error(`${manifest.name}: entry ${entry} is not in dist/`);
  if (dirname(entry) !== outdir)
    throw new Error(`${manifest.name}: entries must share one folder (${relative('.', outdir)}), ${relative('.', entry)} does not`);
  if (basename(entry) === BUNDLE) throw new Error(`${manifest.name}: an entry may not be named ${BUNDLE}`);
}

const vendored = flags.vendor.map((module) => resolve(module));
for (const module of vendored) if (dirname(module) !== outdir) throw new Error(`${manifest.name}: --vendor ${module} must sit beside the entries`);
if (flags.defer.length > 0 && vendored.length === 0) throw new Error(`${manifest.name}: --defer applies to what --vendor bundles, and nothing is`);
const options = {
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  write: false,
  metafile: true,
  logLevel: 'warning',
  packages: 'external',
  plugins: [vendorImports(vendored)],
};

const merged = entries.filter((entry) => !alone.includes(entry));
// Each vendored module alone, with its dependencies in it.
const vendor = await Promise.all(
  vendored.map((module) =>
    build({
      ...options,
      entryPoints: [module],
      splitting: false,
      packages: undefined,
      plugins: [deferred(flags.defer)],
      banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    }),
  ),
);
let result;
const reexports = [];
if (merged.length < 2) {
  result = await build({ ...options, entryPoints: entries });
} else {
  // Each entry's names, as a first build sees them; then one module exporting all of them (a
  // name two entries export is taken once as it is and once per later entry under an alias, so
  // two different things with one name never meet).
  const first = await build({ ...options, entryPoints: merged, sourcemap: false });
  const namesOf = new Map();
  for (const output of Object.values(first.metafile.outputs)) {
    if (output.entryPoint) namesOf.set(resolve(output.entryPoint), output.exports);
  }
  const taken = new Set();
  const body = [];
  merged.forEach((entry, index) => {
    const names = namesOf.get(entry) ?? [];
    const pairs = names.map((name) => {
      const as = taken.has(name) ? `__entry${index}_${name}` : name;
      taken.add(as);
      return [name, as];
    });
    body.push(`export { ${pairs.map(([name, as]) => (name === as ? name : `${name} as ${as}`)).join(', ')} } from './${basename(entry)}';`);
    reexports.push({ entry, text: `export { ${pairs.map(([name, as]) => (name === as ? name : `${as} as ${name}`)).join(', ')} } from './${BUNDLE}';\n` });
  });
  const bundleEntry = join(outdir, BUNDLE);
  await writeFile(bundleEntry, `${body.join('\n')}\n`);
  result = await build({ ...options, entryPoints: [bundleEntry, ...alone] });
}

// Everything tsc compiled goes; declarations stay.
for (const file of await readdir(DIST, { recursive: true })) {
  if (/\.js(\.map)?$/.test(file)) await rm(join(DIST, file));
}
for (const { path, contents } of [...result.outputFiles, ...vendor.flatMap(({ outputFiles }) => outputFiles)]) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, contents);
}
for (const { entry, text } of reexports) await writeFile(entry, text);

/** Each `require()` of a named built-in module by bundled code gives a stand-in that requires it on first use. */
function deferred(builtins) {
  return {
    name: 'deferred-builtins',
    setup(builder) {
      builder.onResolve({ filter: /^node:/ }, ({ path, kind, namespace }) =>
        builtins.includes(path) && kind === 'require-call' && namespace !== 'deferred' ? { path, namespace: 'deferred' } : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'deferred' }, ({ path }) => ({
        contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(path)}))[key] });\n`,
        loader: 'js',
      }));
    },
  };
}

/** Leaves an import of a vendored module an import of its own file (they all sit in the output folder). */
function vendorImports(modules) {
  return {
    name: 'vendor-imports',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, ({ path, resolveDir }) =>
        modules.includes(resolve(resolveDir, path)) ? { path: `./${basename(path)}`, external: true } : undefined,
      );
    },
  };
}
