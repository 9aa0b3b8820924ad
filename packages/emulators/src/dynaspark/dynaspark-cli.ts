import { runEmulatorCli, type CliSpec, type TextSink } from '../shared/emulator-cli.js';
import { DYNASPARK_FAULT_KINDS } from './dynaspark-fault-kind.js';
import { startDynasparkEmulator, type DynasparkEmulatorOptions } from './start-dynaspark-emulator.js';

/** The `dynaspark-emulator` command line. */
export const DYNASPARK_CLI: CliSpec<DynasparkEmulatorOptions> = {
  command: 'dynaspark-emulator',
  title: 'Dynaspark emulator',
  defaultPort: 8787,
  faultKinds: DYNASPARK_FAULT_KINDS,
  options: {
    path: {
      type: 'string',
      multiple: true,
      usage:
        '--path <path>           a path of the chat POST; repeatable, replaces the defaults\n                          (/generate_response and /dsai_fuck_u_spammer)',
    },
  },
  toOptions(values) {
    const paths = values.path as string[] | undefined;
    if (paths === undefined) return {};
    for (const path of paths) {
      if (!path.startsWith('/')) throw new Error(`--path must start with '/', got '${path}'`);
    }
    return { paths };
  },
};

/** The CLI's whole behaviour (see `runEmulatorCli`), for the bin and for tests. */
export function runDynasparkCli(options: { argv: readonly string[]; stdout: TextSink; stderr: TextSink; stop?: AbortSignal }): Promise<number> {
  return runEmulatorCli({ ...options, spec: DYNASPARK_CLI, start: startDynasparkEmulator });
}
