import { errorMessage } from './error-message.js';
import { CLI_USAGE, parseCliArgs } from './parse-cli-args.js';
import { startDynasparkEmulator } from './start-dynaspark-emulator.js';

/** Where the CLI writes; process.stdout in production, a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface RunCliOptions {
  argv: readonly string[];
  stdout: TextSink;
  stderr: TextSink;
  /** Stops the emulator when aborted. @default stop on SIGINT or SIGTERM */
  stop?: AbortSignal;
}

/**
 * The CLI's whole behaviour, apart from process wiring: resolves with the exit code once the
 * emulator has stopped (2 for a bad command line, 1 when it cannot start).
 */
export async function runCli(options: RunCliOptions): Promise<number> {
  const { stdout, stderr } = options;
  const command = parseCliArgs(options.argv);
  if (command.kind === 'help') {
    stdout.write(CLI_USAGE);
    return 0;
  }
  if (command.kind === 'error') {
    stderr.write(`dynaspark-emulator: ${command.message}\n\n${CLI_USAGE}`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startDynasparkEmulator(command.options);
  } catch (error) {
    stderr.write(`dynaspark-emulator: cannot start: ${errorMessage(error)}\n`);
    return 1;
  }
  stdout.write(`Dynaspark emulator listening on ${emulator.url}\n`);
  await waitForStop(options.stop);
  await emulator.close();
  return 0;
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
