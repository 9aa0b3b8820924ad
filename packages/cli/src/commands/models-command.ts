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
  const { registry } = await loadRegistry({ configPath: options.config, cwd: context.cwd, env: context.env });
  try {
    const models = registry.models();
    if (options.json) {
      context.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
      return EXIT_CODES.ok;
    }
    context.stdout.write(formatModelsTable(models, createStyles(context.stdout, context.env)));
    context.stderr.write(notConfiguredNotes(registry.providers(), createStyles(context.stderr, context.env)));
    return EXIT_CODES.ok;
  } finally {
    await registry.close();
  }
}
