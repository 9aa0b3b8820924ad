import { CliError } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';

/** The command line asks for something that cannot be: exit code 2. */
export class UsageError extends CliError {
  override readonly name: string = 'UsageError';

  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, exitCode: EXIT_CODES.usage, cause });
  }
}
