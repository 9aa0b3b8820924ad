// Writes src/entries/version.ts from the package's package.json version, so the built package reports
// the version it was published as (changesets bumps package.json; the next build follows). Run by
// a package's `build` script from the package folder; the file is rewritten only when it changes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const file = 'src/entries/version.ts';
const text = `// Generated from package.json by scripts/write-version.mjs at build time: do not edit.\n/** The version of ${name} this is. */\nexport const VERSION = '${version}';\n`;
if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
