import type { OutputStream } from '../cli-context.js';

/** Options of {@link startSpinner}. */
export interface StartSpinnerOptions {
  /** Where the spinner draws; only a terminal gets one. */
  stream: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /** What it says. @example 'Waiting for gemini-2.0-flash' */
  text: string;
  /**
   * Shown only once this long has passed without `stop()`: a quick answer never flashes a
   * spinner. @default 300
   */
  delayMs?: number;
}

/** A running (or pending) spinner. */
export interface Spinner {
  /** Changes what it says (shown at once when it is already spinning). */
  update(text: string): void;
  /** Removes it and restores the cursor. Idempotent. */
  stop(): void;
}

const NO_SPINNER: Spinner = { update() {}, stop() {} };

/**
 * A spinner on a terminal, and nothing at all elsewhere: piped output and CI logs never get
 * cursor codes. The spinner library loads only when one is actually drawn.
 */
export function startSpinner({ stream, env, text, delayMs = 300 }: StartSpinnerOptions): Spinner {
  const { terminal } = stream;
  if (!terminal || stream.isTTY !== true || env['TERM'] === 'dumb' || env['CI'] !== undefined) return NO_SPINNER;
  let current = text;
  let stopped = false;
  let spinner: { text: string; stop(): unknown } | undefined;
  const timer = setTimeout(() => {
    import('yocto-spinner').then(
      ({ default: yoctoSpinner }) => {
        if (stopped) return;
        // The CLI's own Ctrl-C handling stops the spinner; the library's would exit the process first.
        spinner = yoctoSpinner({ text: current, stream: terminal, handleSignals: false }).start();
      },
      // A spinner is decoration: the command goes on without one.
      () => undefined,
    );
  }, delayMs);
  return {
    update(next) {
      current = next;
      if (spinner) spinner.text = next;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      spinner?.stop();
    },
  };
}
