import { tarballName } from './published-packages.js';

// The README's "Installing before the first release" lines, with the packs folder as "$PACKS".
// pack-check runs exactly these (in a shell, PACKS set) and fails when the README does not show
// them as they are here; `pnpm pack:all` prints them.

const packs = (...names: string[]) => names.map((name) => `"$PACKS/${tarballName(name)}"`).join(' ');

/** A host app: the library and a plugin (peer dependencies come from the same folder). */
export const HOST_APP_INSTALL = `npm install ${packs('@switchboard/core', '@switchboard/provider-dynaspark')}`;

/** The CLI: it brings the gateway, the Redis store (for `serve --store`), both first-party plugins and the emulators (for `switchboard demo`). */
export const CLI_INSTALL = `npm install ${packs(
  '@switchboard/cli',
  '@switchboard/core',
  '@switchboard/server',
  '@switchboard/store-redis',
  '@switchboard/emulators',
  '@switchboard/provider-dynaspark',
  '@switchboard/provider-openai-compatible',
)}`;

/** A plugin, scaffolded against the same tarballs (it installs them itself). */
export const SCAFFOLD_PLUGIN = `npx -y --package=${packs('create-switchboard-provider')} create-switchboard-provider acme-switchboard-provider --local "$PACKS"`;
