import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type PublishedPackage, publishedPackages, tarballName } from './published-packages.js';

const run = promisify(execFile);

/** A package packed into a folder. */
export interface PackedPackage extends PublishedPackage {
  /** The tarball's absolute path. */
  tarball: string;
}

/**
 * Packs every published package into `destination` as `pnpm publish` would (workspace ranges
 * become versions, `files` applies), each under its versionless name (`switchboard-core.tgz`).
 * The packages must be built. The one packer of the workspace: `pnpm pack:all` and the
 * pack-and-install check both use it.
 */
export async function packPackages(destination: string): Promise<PackedPackage[]> {
  const [command, prefix] = pnpm();
  return Promise.all(
    publishedPackages().map(async (pkg) => {
      // Each into a folder of its own, so its tarball is the only one there, whatever pnpm names it.
      const scratch = mkdtempSync(join(destination, '.pack-'));
      try {
        await run(command, [...prefix, 'pack', '--pack-destination', scratch], { cwd: pkg.folder });
        const [file] = readdirSync(scratch);
        const tarball = join(destination, tarballName(pkg.name));
        renameSync(join(scratch, file!), tarball);
        return { ...pkg, tarball };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }),
  );
}

/** The pnpm that runs this script (`pnpm run` names itself), else the one the README uses. */
function pnpm(): [string, string[]] {
  const execPath = process.env['npm_execpath'];
  return execPath?.includes('pnpm') ? [process.execPath, [execPath]] : ['npx', ['-y', 'pnpm@10']];
}
