import { CliError } from './cli-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';

/** What the CLI says about an error, and the exit code it means. */
export interface ErrorDescription {
  /** One line. */
  message: string;
  exitCode: ExitCode;
}

/**
 * One line and an exit code for whatever a command threw. Core's errors are told apart by their
 * cross-copy `isInstance`, so a plugin that brought its own copy of core is understood too; core
 * is loaded here only when the error is not the CLI's own.
 */
export async function describeError(error: unknown): Promise<ErrorDescription> {
  if (CliError.isInstance(error)) return { message: oneLine(error.message), exitCode: error.exitCode };
  const core = await import('@switchboard/core');
  if (core.ModelNotFoundError.isInstance(error)) {
    // A provider installed but not configured would serve it: the configuration is what to fix.
    if (error.notConfigured?.length) return { message: oneLine(error.message), exitCode: EXIT_CODES.config };
    const hint = error.closestModels.length > 0 ? `; did you mean ${error.closestModels.map((name) => `'${name}'`).join(' or ')}?` : '.';
    return { message: `unknown model '${error.modelId}'${hint} ('switchboard models' lists them all)`, exitCode: EXIT_CODES.usage };
  }
  if (core.AllProvidersFailedError.isInstance(error)) {
    // An open circuit only repeats an earlier failure: name the failure itself.
    const failures = error.attempts.filter((attempt) => attempt.outcome === 'error');
    const last = failures.filter((attempt) => attempt.errorKind !== 'circuit-open').at(-1) ?? failures.at(-1);
    const detail = last ? ` Last: ${last.provider}/${last.model} [${last.errorKind ?? 'unknown'}] ${last.message ?? ''}` : '';
    return { message: oneLine(`${error.message.split('\n')[0]}${detail}`), exitCode: EXIT_CODES.failure };
  }
  if (core.ProviderNotFoundError.isInstance(error) || core.MediaError.isInstance(error) || core.InvalidArgumentError.isInstance(error)) {
    return { message: oneLine(error.message), exitCode: EXIT_CODES.usage };
  }
  return { message: oneLine(error instanceof Error ? error.message : String(error)), exitCode: EXIT_CODES.failure };
}

/** The message on one line: multi-line messages are folded, not cut. */
function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
