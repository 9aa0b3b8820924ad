import { CommanderError } from './commander.js';
import type { CliContext } from './cli-context.js';
import { commanderExitCode, createProgram } from './create-program.js';
import { describeError } from './errors/describe-error.js';
import { EXIT_CODES, type ExitCode } from './errors/exit-codes.js';
import { readVersion } from './read-version.js';
import { createStyles } from './terminal/create-styles.js';

/**
 * Runs one command line to its end and resolves with the exit code. Errors become one line on
 * stderr; nothing is thrown.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let exitCode: ExitCode = EXIT_CODES.ok;
  const program = createProgram({ context, version: readVersion(), onExit: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already said what was wrong (or printed help or the version).
    if (error instanceof CommanderError) return commanderExitCode(error);
    if (context.signal.aborted) return EXIT_CODES.interrupted;
    const { message, exitCode: code } = await describeError(error);
    context.stderr.write(`${createStyles(context.stderr, context.env).red('switchboard:')} ${message}\n`);
    return code;
  }
}
