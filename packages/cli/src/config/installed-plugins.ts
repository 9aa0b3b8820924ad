import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIRST_PARTY_PLUGINS } from './first-party-plugins.js';

/** The keyword a Switchboard provider plugin's package.json carries (the scaffold writes it). */
const PLUGIN_KEYWORD = 'switchboard-provider';

/**
 * The plugins a config file in `directory` can use: the packages installed where Node looks from
 * there whose package.json has the `switchboard-provider` keyword, and the first-party plugins the
 * CLI brings. Read only to answer a plugin name that cannot be found, so a few directory listings
 * are cheap enough.
 */
export function installedPlugins(directory: string): string[] {
  const found = new Set(Object.values(FIRST_PARTY_PLUGINS));
  for (const modules of createRequire(join(directory, 'switchboard.config.json')).resolve.paths('x') ?? []) {
    if (!existsSync(modules)) continue;
    for (const name of packagesIn(modules)) if (isPlugin(join(modules, name))) found.add(name);
  }
  return [...found].sort();
}

function packagesIn(modules: string): string[] {
  return readdirSync(modules, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) return [];
    if (!entry.name.startsWith('@')) return entry.name.startsWith('.') ? [] : [entry.name];
    return readdirSync(join(modules, entry.name)).map((name) => `${entry.name}/${name}`);
  });
}

function isPlugin(folder: string): boolean {
  try {
    const { keywords } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { keywords?: unknown };
    return Array.isArray(keywords) && keywords.includes(PLUGIN_KEYWORD);
  } catch {
    // Not a package (a stray folder, a broken link): not a plugin either.
    return false;
  }
}
