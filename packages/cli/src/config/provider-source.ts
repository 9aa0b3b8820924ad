/** Where a provider of the CLI's registry comes from, to say what configures it. */
export type ProviderSource =
  /** An instance of the config file: its place in `providers`, and its plugin. */
  | { kind: 'config'; file: string; index: number; use: string }
  /** A first-party plugin served without a config file. */
  | { kind: 'installed' };
