import { readFile } from 'node:fs/promises';
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
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && path === undefined) return undefined;
    throw new ConfigError({ file: name, path: '', message: code === 'ENOENT' ? 'no such file.' : `cannot read it (${code ?? String(error)}).`, cause: error });
  }
  try {
    return { name, directory: dirname(absolute), content: JSON.parse(text) };
  } catch (error) {
    throw new ConfigError({ file: name, path: '', message: `not valid JSON: ${(error as Error).message}${lineOf(text, error as Error)}`, cause: error });
  }
}

/** Node 20 says where JSON broke as a character position only: add the line a person looks for. */
function lineOf(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  if (position === undefined || /line \d+/.test(error.message)) return '';
  const line = text.slice(0, Number(position)).split('\n').length;
  return ` (line ${line})`;
}
