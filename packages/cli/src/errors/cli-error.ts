import { EXIT_CODES, type ExitCode } from './exit-codes.js';

const marker = Symbol.for('switchboard.cli.error');

/**
 * Base of the errors the CLI turns into a one-line message and an exit code. Its own base, not
 * core's `SwitchboardError`: `switchboard --version` must not load core, and these errors are
 * raised before core is loaded (a bad command line, a config file that does not parse).
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** What the process exits with. */
  readonly exitCode: ExitCode;

  constructor({ message, exitCode = EXIT_CODES.failure, cause }: { message: string; exitCode?: ExitCode; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.exitCode = exitCode;
    Object.defineProperty(this, marker, { value: true, enumerable: false });
  }

  /** True for a `CliError` (or subclass) from any copy of the CLI. */
  static isInstance(error: unknown): error is CliError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
