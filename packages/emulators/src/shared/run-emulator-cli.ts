import type { CliSpec } from './cli-spec.js';
import type { EmulatorOptions } from './emulator-options.js';
import { errorMessage } from './error-message.js';
import type { FaultRule } from './fault-rule.js';
import { parseEmulatorArgs, usageOf } from './emulator-cli.js';

/** Where the CLI writes; process.stdout in production, a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

export interface RunEmulatorCliOptions<Options> {
  spec: CliSpec<Options>;
  start: (options: Options) => Promise<{ url: string; close(): Promise<void> }>;
  argv: readonly string[];
  stdout: TextSink;
  stderr: TextSink;
  /** Stops the emulator when aborted. @default stop on SIGINT or SIGTERM */
  stop?: AbortSignal | undefined;
}

/**
 * A CLI's whole behaviour, apart from process wiring: resolves with the exit code once the
 * emulator has stopped (2 for a bad command line, 1 when it cannot start).
 */
export async function runEmulatorCli<Options extends EmulatorOptions<FaultRule>>(options: RunEmulatorCliOptions<Options>): Promise<number> {
  const { spec, stdout, stderr } = options;
  const command = parseEmulatorArgs(spec, options.argv);
  if (command.kind === 'help') {
    stdout.write(usageOf(spec));
    return 0;
  }
  if (command.kind === 'error') {
    stderr.write(`${spec.command}: ${command.message}\n\n${usageOf(spec)}`);
    return 2;
  }
  let emulator: { url: string; close(): Promise<void> };
  try {
    emulator = await options.start(command.options);
  } catch (error) {
    stderr.write(`${spec.command}: cannot start: ${errorMessage(error)}\n`);
    return 1;
  }
  stdout.write(`${spec.title} listening on ${emulator.url}\n`);
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
