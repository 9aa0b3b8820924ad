/** The value parseArgs gives an option. */
export type CliValue = string | boolean | string[] | undefined;

/** One command-line option of a single emulator, in `node:util` parseArgs' terms. */
export interface CliOption {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** Its line in the usage text, e.g. `--path <path>           a chat path; repeatable`. */
  usage: string;
}

/** What makes one emulator's command line: the flags every emulator has are added to these. */
export interface CliSpec<Options> {
  /** The command, for messages: `dynaspark-emulator`. */
  command: string;
  /** The first words of the line printed once listening (a benchmark waits for it): `Dynaspark emulator`. */
  title: string;
  /** Port used when `--port` is not given, so a provider's default base URL reaches the emulator. */
  defaultPort: number;
  faultKinds: readonly string[];
  options: Record<string, CliOption>;
  /** This emulator's own options from its flags; throws an Error whose message says what is wrong. */
  toOptions(values: Record<string, CliValue>): Partial<Options>;
}
