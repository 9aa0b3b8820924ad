import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '@switchboard/core';

/** One file of the page, held in memory. */
export interface DashboardAsset {
  body: Buffer;
  contentType: string;
  /** A strong ETag of the body, for conditional requests. */
  etag: string;
}

/** Where the build puts the bundled page: `dist/ui-assets`, the same path from `src/ui` and `dist/ui`. */
const ASSETS_DIR = new URL('../../dist/ui-assets/', import.meta.url);

/** The page's files by the name the page asks for them (`''` is the page itself). */
export const ASSET_FILES = {
  '': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', contentType: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app.css', contentType: 'text/css; charset=utf-8' },
  'licenses.txt': { file: 'licenses.txt', contentType: 'text/plain; charset=utf-8' },
} as const;

export type DashboardAssetName = keyof typeof ASSET_FILES;

/**
 * Reads the bundled page once, when the gateway starts (about 100 KB): serving it is then a
 * lookup, and no request ever reaches the file system (no path to sanitize). Missing files (a
 * source checkout that was never built) fail the start with what to do, instead of a page that
 * 404s. Four fixed files need none of `@fastify/static`'s features, and its current major (10)
 * depends on content-disposition 3, which requires Node 22: this package supports Node 20.19.
 */
export async function loadDashboardAssets(): Promise<Map<DashboardAssetName, DashboardAsset>> {
  const assets = new Map<DashboardAssetName, DashboardAsset>();
  for (const [name, { file, contentType }] of Object.entries(ASSET_FILES) as [DashboardAssetName, (typeof ASSET_FILES)[DashboardAssetName]][]) {
    const body = await readFile(new URL(file, ASSETS_DIR)).catch((error: unknown) => {
      throw new InvalidArgumentError({
        argument: 'options.ui',
        reason: `the dashboard's files are missing (${new URL(file, ASSETS_DIR).pathname}): build @switchboard/server first (pnpm build), or pass ui: false.`,
        cause: error,
      });
    });
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return assets;
}
