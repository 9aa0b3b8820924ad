import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProviderNames } from './provider-names.js';

/** Options of {@link scaffold}. */
export interface ScaffoldOptions {
  /** Where the template is. */
  template: string;
  /** The folder to write; created, or empty. */
  target: string;
  names: ProviderNames;
  /** Version range of the `@switchboard/*` packages the plugin uses. @example '^0.1.0' */
  switchboardRange: string;
  /**
   * Packages to install from a tarball instead of the registry (`--local`): their development
   * dependency becomes `file:<path>`; the peer dependency keeps its range. @default {}
   */
  localTarballs?: Readonly<Record<string, string>>;
}

/**
 * Writes the template into `target` with every placeholder replaced, and returns the files written
 * (relative paths). Refuses a folder that has files in it: nothing is overwritten.
 */
export function scaffold({ template, target, names, switchboardRange, localTarballs = {} }: ScaffoldOptions): string[] {
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new Error(`${target} already exists and is not an empty folder; choose another name, or empty it.`);
  }
  mkdirSync(target, { recursive: true });
  cpSync(template, target, { recursive: true });
  // npm never publishes a .gitignore, and a nested package.json would be read as part of this
  // package (publint, bundlers), so the template carries both under other names.
  renameSync(join(target, '_gitignore'), join(target, '.gitignore'));
  renameSync(join(target, '_package.json'), join(target, 'package.json'));
  const values: Record<string, string> = {
    __PACKAGE_NAME__: names.packageName,
    __PROVIDER_ID__: names.id,
    __PROVIDER_LABEL__: names.label,
    __CLASS_NAME__: names.className,
    __FACTORY_NAME__: names.factoryName,
    __ENV_PREFIX__: names.envPrefix,
    __SWITCHBOARD_RANGE__: switchboardRange,
    __YEAR__: String(new Date().getFullYear()),
  };
  const PLACEHOLDER = new RegExp(Object.keys(values).join('|'), 'g');
  const files = listFiles(target);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const replaced = text.replace(PLACEHOLDER, (placeholder) => values[placeholder]!);
    if (replaced !== text) writeFileSync(file, replaced);
  }
  if (Object.keys(localTarballs).length > 0) {
    const manifestPath = join(target, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { devDependencies: Record<string, string> };
    for (const [name, tarball] of Object.entries(localTarballs)) manifest.devDependencies[name] = `file:${tarball}`;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return files.map((file) => relative(target, file)).sort();
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
