import { parseArgs } from 'node:util';
import type { DynasparkEmulatorOptions } from './dynaspark-emulator-options.js';
import { errorMessage } from './error-message.js';
import { FAULT_KINDS, isFaultKind } from './fault-kind.js';
import type { FaultRule } from './fault-rule.js';

export const CLI_USAGE = `Usage: dynaspark-emulator [options]

Options:
  --port <n>              port to listen on (default 8787; 0 picks a free one)
  --host <address>        interface to listen on (default 127.0.0.1)
  --latency <ms>          delay added to every answer (default 0)
  --fault <kind[:p]>      inject a fault with probability p (default 1); repeatable
  --seed <n>              seed for fault probabilities (default 1)
  --path <path>           chat endpoint path (default /generate_response); repeatable
  --no-record             do not keep the last requests (for benchmarks)
  -h, --help              show this help

Fault kinds: ${FAULT_KINDS.join(', ')}
`;

export type CliCommand =
  | { kind: 'run'; options: DynasparkEmulatorOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** Turns the command line into emulator options, or a message saying what is wrong with it. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values;
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
        path: { type: 'string', multiple: true },
        'no-record': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
  if (values.help) return { kind: 'help' };
  try {
    const options: DynasparkEmulatorOptions = {
      port: parseNumber({ name: '--port', text: values.port ?? '8787', integer: true, max: 65535 }),
      host: values.host ?? '127.0.0.1',
      latencyMs: parseNumber({ name: '--latency', text: values.latency ?? '0' }),
      seed: parseNumber({ name: '--seed', text: values.seed ?? '1', integer: true, max: 2 ** 32 - 1 }),
      faults: (values.fault ?? []).map(parseFault),
      recordRequests: !values['no-record'],
    };
    const [path, ...paths] = values.path ?? [];
    if (path !== undefined) {
      for (const each of [path, ...paths]) {
        if (!each.startsWith('/')) throw new Error(`--path must start with '/', got '${each}'`);
      }
      options.path = path;
      options.paths = paths;
    }
    return { kind: 'run', options };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
}

function parseNumber(options: { name: string; text: string; integer?: boolean; max?: number }): number {
  const { name, text, integer = false, max = Number.MAX_SAFE_INTEGER } = options;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0 || value > max || (integer && !Number.isInteger(value))) {
    const expected = integer ? `an integer from 0 to ${max}` : 'a number >= 0';
    throw new Error(`${name} must be ${expected}, got '${text}'`);
  }
  return value;
}

/** `rate-limit` or `rate-limit:0.25`. */
function parseFault(text: string): FaultRule {
  const separator = text.indexOf(':');
  const kind = separator === -1 ? text : text.slice(0, separator);
  if (!isFaultKind(kind)) {
    throw new Error(`--fault: unknown fault kind '${kind}'; known kinds: ${FAULT_KINDS.join(', ')}`);
  }
  if (separator === -1) return { fault: kind };
  const probabilityText = text.slice(separator + 1);
  const probability = probabilityText.trim() === '' ? Number.NaN : Number(probabilityText);
  if (!(probability >= 0 && probability <= 1)) {
    throw new Error(`--fault ${text}: the probability must be a number from 0 to 1, got '${probabilityText}'`);
  }
  return { fault: kind, probability };
}
