import type { ModelInfo } from '@switchboard/core';
import type { Styles } from '../terminal/create-styles.js';
import { formatTable } from '../terminal/format-table.js';

/** `switchboard models`' table: name, providers, aliases, vision. */
export function formatModelsTable(models: readonly ModelInfo[], styles: Styles): string {
  return formatTable({
    head: ['MODEL', 'PROVIDERS', 'ALIASES', 'VISION'],
    rows: models.map((model) => [model.id, model.providers.join(', '), model.aliases.join(', '), model.vision ? 'yes' : '']),
    styleHead: styles.bold,
  });
}
