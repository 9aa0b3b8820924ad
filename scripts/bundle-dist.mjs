// Bundles a package's compiled dist/ into as few files as its entries allow (esbuild), in place:
// run by a package's `build` script from the package folder, after tsc. Node 20 has no compile
// cache, and every ES module costs a resolution, a file open and read (a round trip through
// libuv's thread pool each), a compile and a link of its own: a process pays for each file it
// loads, far more than for each kilobyte.
//
// `node ../../scripts/bundle-dist.mjs [--layer module.js] [--vendor module.js] [--defer node:module]
// [entry.js ...]` (each option repeatable):
// - The entries are the package's exports (the `default` of each, `./package.json` aside) plus
//   any named here (a bin's target).
// - With several entries, their code goes into one module, `bundle.js`, and each entry becomes
//   a line that re-exports its own names from it: a process that imports core's `.` and
//   `./provider` (every plugin does) loads four files (and the chunks it shares with its dynamic
//   imports), not twenty.
// - Dynamic imports stay chunks, loaded only when used.
// - `--layer` names modules an application loads one after the other (the CLI: main, then
//   run-cli for any command line but --version, then the commands when one runs, which load
//   the demo or telemetry when asked). Each becomes one file holding what it uses, and what
//   the others import of it stays an import of that file: `switchboard models` loads five files
//   of the CLI instead of a dozen chunks (esbuild shares code between entries through chunks
//   because it cannot know that one is always loaded before the other). A module two layers
//   use is in both; one that keeps state must keep it on `globalThis`.
// - Dependencies, workspace packages included, stay imports: one copy of core, one DI
//   container. `--vendor` names a module of the package that re-exports a dependency an
//   application (the CLI) bundles instead (`dist/commander.js`): it becomes one file holding the
//   dependency, which the rest imports, so the dependency costs one file rather than one per
//   module of it (a CommonJS one finds `require` through `createRequire`). The file starts with
//   each bundled package's name, version and license text; it has no source map (its sources
//   are not published).
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
    layer: { type: 'string', multiple: true, default: [] },
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
const outdir = dirname(entries[0]);
for (const entry of entries) {
  if (!entry.startsWith(`${DIST}/`)) throw new Error(`${manifest.name}: entry ${entry} is not in dist/`);
  if (dirname(entry) !== outdir)
    throw new Error(`${manifest.name}: entries must share one folder (${relative('.', outdir)}), ${relative('.', entry)} does not`);
  if (basename(entry) === BUNDLE) throw new Error(`${manifest.name}: an entry may not be named ${BUNDLE}`);
}

const vendored = flags.vendor.map((module) => resolve(module));
const layers = flags.layer.map((module) => resolve(module));
// Files of their own, which the others import. They go beside the entries, named as their module.
const apart = [...layers, ...vendored];
for (const module of apart) {
  if (!module.startsWith(`${DIST}/`)) throw new Error(`${manifest.name}: ${relative('.', module)} is not in dist/`);
  if ([...entries, ...apart].filter((other) => basename(other) === basename(module)).length > 1)
    throw new Error(`${manifest.name}: two modules would be ${basename(module)}`);
}
if (layers.length > 0 && entries.length > 1) throw new Error(`${manifest.name}: --layer is for an application with one entry`);
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
  plugins: [importsApart(apart)],
};

const alongside = (module) => ({ ...options, entryPoints: [module], outdir: undefined, outfile: join(outdir, basename(module)), splitting: false });
// Each vendored module alone, with its dependencies in it, headed by their licenses.
const vendor = await Promise.all(
  vendored.map(async (module) => {
    const built = await build({
      ...alongside(module),
      packages: undefined,
      // Its sources are a dependency's files, which the published package does not hold.
      sourcemap: false,
      plugins: [deferred(flags.defer)],
      banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    });
    const notices = await licensesOf(Object.keys(built.metafile.inputs));
    return { outputFiles: built.outputFiles.map(({ path, text }) => ({ path, contents: `${notices}${text}` })) };
  }),
);
let result;
const reexports = [];
if (layers.length > 0) {
  const built = await Promise.all([...entries, ...layers].map((module) => build(alongside(module))));
  result = { outputFiles: built.flatMap(({ outputFiles }) => outputFiles) };
} else if (entries.length < 2) {
  result = await build({ ...options, entryPoints: entries });
} else {
  // Each entry's names, as a first build sees them; then one module exporting all of them (a
  // name two entries export is taken once as it is and once per later entry under an alias, so
  // two different things with one name never meet).
  const first = await build({ ...options, entryPoints: entries, sourcemap: false });
  const namesOf = new Map();
  for (const output of Object.values(first.metafile.outputs)) {
    if (output.entryPoint) namesOf.set(resolve(output.entryPoint), output.exports);
  }
  const taken = new Set();
  const body = [];
  entries.forEach((entry, index) => {
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
  result = await build({ ...options, entryPoints: [bundleEntry] });
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

/** A comment holding the name, version and license text of each package the bundled files come from. */
async function licensesOf(files) {
  const folders = new Set(files.map((file) => /^(.*\/node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter(Boolean));
  let notices = '';
  for (const folder of [...folders].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'));
    const file = (await readdir(folder)).find((entry) => /^licen[cs]e/i.test(entry));
    if (!file) throw new Error(`${manifest.name}: ${name} is bundled, and has no license file to bundle with it`);
    const text = (await readFile(join(folder, file), 'utf8')).trim().replaceAll('*/', '* /');
    notices += `/*! ${name} ${version} (${license}), bundled:\n${text}\n*/\n`;
  }
  return notices;
}

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

/** Leaves an import of a layer or a vendored module an import of its own file (they all sit in the output folder). */
function importsApart(modules) {
  return {
    name: 'imports-apart',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, ({ path, resolveDir }) =>
        modules.includes(resolve(resolveDir, path)) ? { path: `./${basename(path)}`, external: true } : undefined,
      );
    },
  };
}
