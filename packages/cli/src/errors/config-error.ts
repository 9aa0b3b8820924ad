import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/** A problem in the configuration file, at one place in it: exit code 3. */
export class ConfigError extends CliError {
  override readonly name: string = 'ConfigError';
  /** The file, as the user named it (or as found in the working directory). */
  readonly file: string;
  /** Where in the file: `providers[2].baseUrl`, or '' for the file as a whole. */
  readonly path: string;

  constructor({ file, path, message, cause }: { file: string; path: string; message: string; cause?: unknown }) {
    super({ message: `${file}${path ? `: ${path}` : ''}: ${message}`, exitCode: EXIT_CODES.config, cause });
    this.file = file;
    this.path = path;
  }
}
