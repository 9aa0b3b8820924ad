import type { Registry } from '@switchboard/core';
import type { CliContext } from '../cli-context.js';
import { loadRegistry } from '../config/load-registry.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';
import { createStyles } from '../terminal/create-styles.js';
import { formatModelsTable } from './format-models-table.js';
import { notConfiguredNotes } from './not-configured-notes.js';

/** `switchboard models`' options. */
export interface ModelsCommandOptions {
  /** Print the models as a JSON array. @default false */
  json: boolean;
  config?: string;
}

/** Every model the configuration serves: a table, or JSON for scripts. */
export async function runModelsCommand(options: ModelsCommandOptions, context: CliContext): Promise<ExitCode> {
  // Listing uses neither the gateway's settings nor the default model: a mistake there must not hide the list.
  const { registry, config, file, sourceOf } = await loadRegistry({
    configPath: options.config,
    cwd: context.cwd,
    env: context.env,
    uses: { server: false, defaultModel: false },
  });
  try {
    const models = registry.models();
    const styles = createStyles(context.stderr, context.env);
    if (options.json) context.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
    else {
      context.stdout.write(formatModelsTable(models, createStyles(context.stdout, context.env)));
      context.stderr.write(notConfiguredNotes(registry.providers(), sourceOf, styles));
    }
    if (config?.defaultModel !== undefined) {
      const problem = defaultModelProblem(registry, config.defaultModel);
      if (problem) context.stderr.write(`${styles.yellow('warning')}: ${file}: defaultModel: ${problem} (chat without -m, and serve, refuse it)\n`);
    }
    return EXIT_CODES.ok;
  } finally {
    await registry.close();
  }
}

/** Why the file's default model cannot be served, if it cannot. */
function defaultModelProblem(registry: Registry, name: string): string | undefined {
  try {
    registry.create(name);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
