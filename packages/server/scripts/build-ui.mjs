// Bundles the dashboard (ui/) into dist/ui-assets: index.html, app.js, app.css and licenses.txt
// (the licences of the bundled packages, which the page ships inside app.js). The gateway reads
// these files when it starts and serves them itself; nothing is fetched at run time.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(PACKAGE_DIR, 'dist', 'ui-assets');

await mkdir(OUT_DIR, { recursive: true });
const result = await build({
  absWorkingDir: PACKAGE_DIR,
  entryPoints: { app: 'ui/src/main.tsx' },
  outdir: OUT_DIR,
  bundle: true,
  minify: true,
  format: 'esm',
  // Browsers of the last few years: TextDecoderStream, CSS color-mix, top-level ESM.
  target: ['chrome111', 'firefox113', 'safari16.4', 'edge111'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
await copyFile(join(PACKAGE_DIR, 'ui', 'index.html'), join(OUT_DIR, 'index.html'));

// One licence per bundled package, found from the files esbuild read.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  // The last node_modules/ of the path (pnpm nests them: node_modules/.pnpm/x@1/node_modules/x/).
  const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+)\/)/.exec(input.replaceAll('\\', '/'));
  if (!match || packages.has(match[2])) continue;
  const root = join(PACKAGE_DIR, match[1]);
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const text = await readLicense(root);
  packages.set(match[2], `${manifest.name} ${manifest.version} (${manifest.license})\n\n${text}`);
}
await writeFile(
  join(OUT_DIR, 'licenses.txt'),
  `The Switchboard dashboard bundles these packages:\n\n${[...packages.values()].join(`\n${'-'.repeat(72)}\n\n`)}`,
);
const sizes = Object.entries(result.metafile.outputs).map(([file, { bytes }]) => `${relative(PACKAGE_DIR, file)} ${(bytes / 1024).toFixed(1)} KiB`);
console.log(`dashboard bundled: ${sizes.join(', ')}; ${packages.size} packages (${[...packages.keys()].join(', ')})`);

async function readLicense(root) {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license']) {
    const text = await readFile(join(root, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return text.trim();
  }
  throw new Error(`no licence file in ${root}: the dashboard must not bundle a package without its licence`);
}
