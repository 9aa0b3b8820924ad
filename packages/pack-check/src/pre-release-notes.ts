import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages } from './published-packages.js';

/** A command that fetches a Switchboard package from the npm registry (not from a folder of packs). */
const REGISTRY_INSTALL = /^(?:npm (?:install|i|create)|pnpm (?:add|create)|yarn (?:add|create)|npx) (?!.*\$PACKS).*(?:@switchboard\/|switchboard-provider).*/m;
/** The anchor every such README points at until the first release. */
const NOTE_LINK = 'README.md#installing-before-the-first-release';

/**
 * The published packages whose README shows a registry install line (`npm install
 * @switchboard/core`, `npm create switchboard-provider`) without pointing at the root README's
 * "Installing before the first release": until the first release, those lines answer 404.
 */
export function readmesWithoutPreReleaseNote(): string[] {
  return publishedPackages().flatMap(({ folder, name }) => {
    const readme = readFileSync(join(folder, 'README.md'), 'utf8');
    const install = REGISTRY_INSTALL.exec(readme)?.[0];
    return install !== undefined && !readme.includes(NOTE_LINK)
      ? [`${name}'s README shows '${install}' with no link to the root ${NOTE_LINK} (not on the registry before the first release)`]
      : [];
  });
}
