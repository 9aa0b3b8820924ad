import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

/** The name looked for in the working directory when no `--config` is given. */
export const CONFIG_FILE_NAME = 'switchboard.config.json';

/** A configuration file read and parsed (not yet checked). */
export interface ConfigFile {
  /** As the user named it, for messages. */
  name: string;
  /** Where plugins are resolved from first. */
  directory: string;
  content: unknown;
}

/** Options of {@link readConfigFile}. */
export interface ReadConfigFileOptions {
  /** `--config`: the file must exist. @default switchboard.config.json in `cwd`, when there is one */
  path?: string | undefined;
  cwd: string;
}

/**
 * The configuration file, parsed, or undefined when none was named and the working directory has
 * none (the CLI then serves the plugins it installs with).
 */
export async function readConfigFile({ path, cwd }: ReadConfigFileOptions): Promise<ConfigFile | undefined> {
  const name = path ?? CONFIG_FILE_NAME;
  const absolute = resolve(cwd, name);
  let text: string;
  try {
    // Read at once: a promise-based read is four trips through libuv's thread pool, each a wait on
    // a machine whose cores are busy, for a file of a few hundred bytes that every command reads.
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return undefined;
    throw new ConfigError({ file: name, path: '', message: code === 'ENOENT' ? 'no such file.' : `cannot read it (${code ?? String(error)}).`, cause: error });
  }
  try {
    return { name, directory: dirname(absolute), content: JSON.parse(text) };
  } catch (error) {
    throw new ConfigError({ file: name, path: '', message: `not valid JSON${jsonErrorPlace(text, (error as Error).message)}`, cause: error });
  }
}

/**
 * Where JSON broke, as an editor shows it, and what broke: Node 20 gives a character position
 * only ("… in JSON at position 42"), later versions add "(line 3 column 5)".
 */
function jsonErrorPlace(text: string, message: string): string {
  const stated = /\(line (\d+) column (\d+)\)/.exec(message);
  const what = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/ in JSON at position \d+/, '')
    .replace(/ after JSON at position \d+/, ' after the JSON value')
    .replace(/\.$/, '');
  if (stated) return ` at line ${stated[1]}, column ${stated[2]}: ${what}.`;
  const position = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? String(text.length) : undefined);
  if (position === undefined) return `: ${what}.`;
  const before = text.slice(0, Number(position)).split('\n');
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}: ${what}.`;
}
