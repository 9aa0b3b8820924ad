/**
 * What `switchboard` exits with. Scripts branch on these, so they are part of the CLI's contract
 * (and of its README).
 */
export const EXIT_CODES = {
  /** Done. */
  ok: 0,
  /** The work failed: every provider failed, a provider asked about is down, the server could not start. */
  failure: 1,
  /** The command line is wrong: an unknown option, a missing prompt, an unknown model or provider, an unreadable image. */
  usage: 2,
  /** The configuration file is wrong: unreadable, invalid, a plugin that cannot be loaded, a missing variable. */
  config: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
