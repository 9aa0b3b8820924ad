import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The packages a scaffolded plugin installs from Switchboard itself (the rest comes from the registry). */
const NEEDED = ['@switchboard/core', '@switchboard/testing'] as const;

/**
 * Where each package a plugin needs is in a folder of packed Switchboard packages (what
 * `pnpm pack:all` writes to `./packs` in a checkout): `switchboard-core.tgz`, or the
 * `switchboard-core-0.1.0.tgz` of `npm pack`. Absolute paths, for `file:` dependencies. Throws a
 * message for the user when the folder or a tarball is missing.
 */
export function localTarballs(folder: string, cwd: string): Record<(typeof NEEDED)[number], string> {
  const directory = resolve(cwd, folder);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new Error(
      `--local ${folder}: no such folder. Run \`npx -y pnpm@10 pack:all\` in a Switchboard checkout; it writes the tarballs to its packs/ folder.`,
    );
  }
  const files = readdirSync(directory);
  const found = {} as Record<(typeof NEEDED)[number], string>;
  for (const name of NEEDED) {
    const base = name.replace(/^@/, '').replace('/', '-');
    const file = files.includes(`${base}.tgz`)
      ? `${base}.tgz`
      : files
          .filter((each) => new RegExp(`^${base}-\\d[^/]*\\.tgz$`).test(each))
          .sort()
          .at(-1);
    if (!file)
      throw new Error(
        `--local ${folder}: no ${base}.tgz in ${directory}. Run \`npx -y pnpm@10 pack:all\` in a Switchboard checkout and point --local at its packs/ folder.`,
      );
    found[name] = join(directory, file);
  }
  return found;
}
