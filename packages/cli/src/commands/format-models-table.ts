import type { ModelInfo } from '@switchboard/core';
import type { Styles } from '../terminal/create-styles.js';
import { formatTable } from '../terminal/format-table.js';

/**
 * `switchboard models`' table: one row per model (its aliases in a column, so each public name
 * appears once), its providers in routing order, each with the model it answers with when that is
 * another name (`groq (llama-3.1-8b-instant)`), and whether it takes images.
 */
export function formatModelsTable(models: readonly ModelInfo[], styles: Styles): string {
  return formatTable({
    head: ['MODEL', 'PROVIDERS', 'ALIASES', 'VISION'],
    rows: models
      .filter((model) => model.aliasOf === undefined)
      .map((model) => [
        model.id,
        model.routes.map((route) => (route.model === model.id ? route.provider : `${route.provider} (${route.model})`)).join(', '),
        model.aliases.join(', '),
        model.vision ? 'yes' : '',
      ]),
    styleHead: styles.bold,
  });
}
