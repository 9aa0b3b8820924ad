import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace's `packages/` folder. */
export const PACKAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The published packages, by folder under `packages/`: what a user can install. */
export const PUBLISHED = [
  'core',
  'provider-dynaspark',
  'provider-openai-compatible',
  'emulators',
  'server',
  'store-redis',
  'cli',
  'testing',
  'create-switchboard-provider',
] as const;

/** A published package: its folder and its npm name. */
export interface PublishedPackage {
  folder: string;
  name: string;
  version: string;
}

/** Every published package, read from its package.json. */
export function publishedPackages(): PublishedPackage[] {
  return PUBLISHED.map((folder) => {
    const { name, version } = JSON.parse(readFileSync(join(PACKAGES_DIR, folder, 'package.json'), 'utf8')) as { name: string; version: string };
    return { folder: join(PACKAGES_DIR, folder), name, version };
  });
}

/**
 * The tarball's name in a folder of packs, without the version, so the install lines in the
 * README stay true from one release to the next: `@switchboard/core` -> `switchboard-core.tgz`.
 */
export function tarballName(packageName: string): string {
  return `${packageName.replace(/^@/, '').replace('/', '-')}.tgz`;
}
