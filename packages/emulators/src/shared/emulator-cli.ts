import { parseArgs } from 'node:util';
import type { CliSpec, CliValue } from './cli-spec.js';
import type { EmulatorOptions } from './emulator-options.js';
import { errorMessage } from './error-message.js';
import { parseCliNumber } from './parse-cli-number.js';
import type { FaultRule } from './fault-rule.js';

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
