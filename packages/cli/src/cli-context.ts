/** A stream the CLI writes to: process.stdout or process.stderr, or a stand-in. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: colour, spinners and tables for people. */
  readonly isTTY?: boolean;
  /** The terminal behind the stream, for drawing a spinner (cursor moves). */
  readonly terminal?: NodeJS.WriteStream;
}

/** A stream the CLI reads a prompt from. */
export interface InputStream extends AsyncIterable<string | Uint8Array> {
  readonly isTTY?: boolean;
}

/** What a command runs with: the process's streams, environment and working directory. */
export interface CliContext {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Where `switchboard.config.json` is looked for and relative paths start. */
  cwd: string;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: commands stop what they are doing and clean up. */
  signal: AbortSignal;
}
