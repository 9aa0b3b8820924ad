import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator-options.js';
import { errorMessage } from './error-message.js';
import type { FaultRule } from './fault-rule.js';

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

export type CliCommand<Options> = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'error'; message: string };

/** The usage text: the shared flags, then the emulator's own, then the fault kinds. */
export function usageOf(spec: CliSpec<unknown>): string {
  const own = Object.values(spec.options).map((option) => `  ${option.usage}\n`);
  return `Usage: ${spec.command} [options]

Options:
  --port <n>              port to listen on (default ${spec.defaultPort}; 0 picks a free one)
  --host <address>        interface to listen on (default 127.0.0.1)
  --latency <ms>          delay added to every answer (default 0)
  --fault <kind[:p]>      inject a fault with probability p (default 1); repeatable
  --seed <n>              seed for fault probabilities (default 1)
  --no-record             do not keep the last requests (for benchmarks)
${own.join('')}  -h, --help              show this help

Fault kinds: ${spec.faultKinds.join(', ')}
`;
}

/** Turns the command line into emulator options, or a message saying what is wrong with it. */
export function parseEmulatorArgs<Options extends EmulatorOptions<FaultRule>>(spec: CliSpec<Options>, argv: readonly string[]): CliCommand<Options> {
  const own = Object.fromEntries(Object.entries(spec.options).map(([name, { type, multiple }]) => [name, multiple ? { type, multiple } : { type }]));
  let values: Record<string, CliValue>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        fault: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'no-record': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...own,
      },
    }));
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  if (values.help) return { kind: 'help' };
  try {
    const common: EmulatorOptions<FaultRule> = {
      port: parseCliNumber({ name: '--port', text: stringValue(values.port) ?? String(spec.defaultPort), integer: true, max: 65535 }),
      host: stringValue(values.host) ?? '127.0.0.1',
      latencyMs: parseCliNumber({ name: '--latency', text: stringValue(values.latency) ?? '0' }),
      seed: parseCliNumber({ name: '--seed', text: stringValue(values.seed) ?? '1', integer: true, max: 2 ** 32 - 1 }),
      faults: ((values.fault ?? []) as string[]).map((text) => parseFault(text, spec.faultKinds)),
      recordRequests: !values['no-record'],
    };
    return { kind: 'run', options: { ...common, ...spec.toOptions(values) } as Options };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `rate-limit` or `rate-limit:0.25`. */
function parseFault(text: string, kinds: readonly string[]): FaultRule {
  const separator = text.indexOf(':');
  const kind = separator === -1 ? text : text.slice(0, separator);
  if (!kinds.includes(kind)) {
    throw new Error(`--fault: unknown fault kind '${kind}'; known kinds: ${kinds.join(', ')}`);
  }
  if (separator === -1) return { fault: kind };
  const probabilityText = text.slice(separator + 1);
  const probability = probabilityText.trim() === '' ? Number.NaN : Number(probabilityText);
  if (!(probability >= 0 && probability <= 1)) {
    throw new Error(`--fault ${text}: the probability must be a number from 0 to 1, got '${probabilityText}'`);
  }
  return { fault: kind, probability };
}

/** A number from a flag; `max` and `integer` bound it. */
export function parseCliNumber(options: { name: string; text: string; integer?: boolean; max?: number }): number {
  const { name, text, integer = false, max = Number.MAX_SAFE_INTEGER } = options;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > max || (integer && !Number.isInteger(value))) {
    const expected = integer ? `an integer from 0 to ${max}` : 'a number >= 0';
    throw new Error(`${name} must be ${expected}, got '${text}'`);
  }
  return value;
}
