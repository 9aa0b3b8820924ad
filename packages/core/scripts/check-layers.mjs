// `pnpm lint` in core: no file imports from a higher layer than its own. The layers are read from
// ARCHITECTURE.md's "Layers inside core", so the page and the code cannot drift apart: a folder the
// page does not place, or an import pointing up (type imports, `import('…')` types and dynamic
// imports included), fails the lint with the file, the line and both layers named.
// Exempt: the entry files (`src/entries/`, the public lists, which import every layer on purpose),
// tests and test fixtures (they use the layers, they are not one).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The folder of entry files: exempt, they list every layer's exports. */
export const ENTRY_FOLDER = 'entries';

const LAYERS_HEADING = '## Layers inside core';

/**
 * The layers as ARCHITECTURE.md lists them: `1. \`errors/\`, \`validation/\`: …` gives errors and
 * validation layer 1. Returns folder name -> layer number.
 */
export function readLayers(architecture) {
  const start = architecture.indexOf(LAYERS_HEADING);
  if (start === -1) throw new Error(`ARCHITECTURE.md has no '${LAYERS_HEADING}' section.`);
  const end = architecture.indexOf('\n## ', start + LAYERS_HEADING.length);
  const section = architecture.slice(start, end === -1 ? undefined : end);
  const layers = new Map();
  for (const line of section.split('\n')) {
    const item = /^(\d+)\.\s+(.*)$/.exec(line);
    if (!item) continue;
    const head = item[2].split(':')[0];
    for (const folder of head.matchAll(/`([\w-]+)\/`/g)) layers.set(folder[1], Number(item[1]));
  }
  if (layers.size === 0) throw new Error(`ARCHITECTURE.md's '${LAYERS_HEADING}' lists no folders.`);
  return layers;
}

const isExempt = (path) => /\.test(-d)?\.ts$/.test(path) || path.split(sep).includes('__fixtures__');

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** 1-based line of `offset` in `text`. */
const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

/**
 * Every upward import and every unplaced folder under `sourceDir`, as messages ('' problems: the
 * layers hold).
 */
export function checkLayers({ sourceDir, layers }) {
  const problems = [];
  const unplaced = new Set();
  for (const file of sourceFiles(sourceDir).sort()) {
    const path = relative(sourceDir, file);
    if (isExempt(path)) continue;
    const folder = path.includes(sep) ? path.split(sep)[0] : undefined;
    if (folder === ENTRY_FOLDER) continue;
    if (folder === undefined || !layers.has(folder)) {
      const place = folder === undefined ? `src/${path}` : `src/${folder}/`;
      if (!unplaced.has(place))
        problems.push(`${place} is in no layer of ARCHITECTURE.md's "Layers inside core": place it there, or move it into a placed folder.`);
      unplaced.add(place);
      continue;
    }
    const layer = layers.get(folder);
    const text = readFileSync(file, 'utf8');
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = relative(sourceDir, resolve(dirname(file), imported.fileName));
      const targetFolder = target.split(sep)[0];
      if (targetFolder === folder || targetFolder === ENTRY_FOLDER) {
        if (targetFolder === ENTRY_FOLDER)
          problems.push(`src/${path}:${lineOf(text, imported.pos)} imports an entry file (${imported.fileName}); import the module itself.`);
        continue;
      }
      const targetLayer = layers.get(targetFolder);
      if (targetLayer === undefined || targetLayer <= layer) continue;
      problems.push(
        `src/${path}:${lineOf(text, imported.pos)} imports ${imported.fileName}: ${folder}/ is layer ${layer}, ${targetFolder}/ is layer ${targetLayer}; a lower layer never imports a higher one.`,
      );
    }
  }
  return problems;
}

// Run as a script: check core's src/ (or the folder given) against the repository's ARCHITECTURE.md.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..');
  const layers = readLayers(readFileSync(join(coreDir, '..', '..', 'ARCHITECTURE.md'), 'utf8'));
  const problems = checkLayers({ sourceDir: process.argv[2] ? resolve(process.argv[2]) : join(coreDir, 'src'), layers });
  if (problems.length > 0) {
    console.error(`Layers inside core: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    process.exitCode = 1;
  }
}
