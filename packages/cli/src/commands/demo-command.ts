import type { CliContext } from '../cli-context.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';

/** Runs the tour of Switchboard against the bundled emulators; exit 0 when every step did what it shows. */
export async function runDemoCommand(context: CliContext): Promise<ExitCode> {
  const { runDemo } = await import('../demo/run-demo.js');
  await runDemo(context);
  return EXIT_CODES.ok;
}
