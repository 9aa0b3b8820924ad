// `pnpm pack:all`: every published package packed into ./packs (versionless names), and the lines
// that install them, for anyone who wants Switchboard before it is on the registry.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI_INSTALL, HOST_APP_INSTALL, SCAFFOLD_PLUGIN } from './install-lines.js';
import { packPackages } from './pack-packages.js';
import { PACKAGES_DIR } from './published-packages.js';

const destination = join(PACKAGES_DIR, '..', 'packs');
mkdirSync(destination, { recursive: true });
for (const file of readdirSync(destination)) if (file.endsWith('.tgz')) rmSync(join(destination, file));
const packed = await packPackages(destination);
const cwd = process.env['INIT_CWD'] ?? process.cwd();
console.log(`Packed ${packed.length} packages into ${relative(cwd, destination) || '.'}:`);
for (const { name, version, tarball } of packed) console.log(`  ${relative(destination, tarball).padEnd(48)} ${name}@${version}`);
console.log(`
Install them (README: "Installing before the first release"):
  PACKS="${destination}"
  ${HOST_APP_INSTALL}      # a host app
  ${CLI_INSTALL}      # the CLI
  ${SCAFFOLD_PLUGIN}      # a plugin`);
