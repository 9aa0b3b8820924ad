// The process around the CLI: its streams, signals and exit code. bin/switchboard.js imports this.
import type { CliContext, OutputStream } from './cli-context.js';
import { redactSecrets } from './config/redact-secrets.js';

const argv = process.argv.slice(2);

// `--version` is what scripts and installers run most: answered before commander is even loaded.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  const { readVersion } = await import('./read-version.js');
  process.stdout.write(`${readVersion()}\n`);
} else {
  process.exitCode = await run();
}

async function run(): Promise<number> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    stop.abort(new Error(`interrupted by ${signal}`));
    // Commands stop on the abort; this is the backstop for one stuck on something it cannot cancel.
    setTimeout(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)), 10_000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `switchboard models | head -1`: the reader went away, which is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const { runCli } = await import('./run-cli.js');
  const context: CliContext = {
    // Made when a command reads it (chat's prompt): Node builds the stream on first access.
    get stdin() {
      return process.stdin;
    },
    stdout: secretFree(process.stdout),
    stderr: secretFree(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    signal: stop.signal,
  };
  return runCli(argv, context);
}

/** Every line the CLI prints goes through here, so a secret read from the environment is never shown. */
function secretFree(stream: NodeJS.WriteStream): OutputStream {
  return { write: (text) => stream.write(redactSecrets(text)), isTTY: stream.isTTY === true, terminal: stream };
}
