import { readFileSync } from 'node:fs';

/** The CLI's version, from its package.json (read, not imported: no JSON module warnings, nothing else loaded). */
export function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
