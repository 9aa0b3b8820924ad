import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Options of {@link resolvePlugin}. */
export interface ResolvePluginOptions {
  /** The config file's folder: looked in first, so a project pins its own plugin versions. */
  directory: string;
}

/**
 * The file URL of a plugin's main entry, or undefined when it is not installed. A package name is
 * looked for from the config file's folder, then from the CLI's own install (where the
 * first-party plugins are); a path (`./my-plugin.js`) is taken from the config file's folder.
 */
export function resolvePlugin(use: string, { directory }: ResolvePluginOptions): string | undefined {
  if (isPath(use)) {
    const file = resolve(directory, use);
    return existsSync(file) ? pathToFileURL(file).href : undefined;
  }
  for (const from of [join(directory, 'switchboard.config.json'), import.meta.url]) {
    const found = resolveFrom(use, from);
    if (found) return found;
  }
  return undefined;
}

/** Whether `use` is a path (`./my-plugin.js`, `/opt/plugin.js`) rather than a package name. */
export function isPath(use: string): boolean {
  return use.startsWith('.') || isAbsolute(use);
}

function resolveFrom(name: string, from: string): string | undefined {
  const require = createRequire(from);
  try {
    return pathToFileURL(require.resolve(name)).href;
  } catch (error) {
    // require.resolve knows only the `require` and `default` export conditions; an ESM-only
    // plugin that exports `import` alone is found through its package.json instead.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    return importEntryOf(require, name);
  }
}

function importEntryOf(require: NodeJS.Require, name: string): string | undefined {
  for (const folder of require.resolve.paths(name) ?? []) {
    const manifest = join(folder, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown };
    const entry = importCondition(typeof exports === 'object' && exports !== null && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports);
    return entry ? pathToFileURL(join(dirname(manifest), entry)).href : undefined;
  }
  return undefined;
}

function importCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target !== 'object' || target === null) return undefined;
  const conditions = target as Record<string, unknown>;
  return importCondition(conditions['import'] ?? conditions['node'] ?? conditions['default']);
}
