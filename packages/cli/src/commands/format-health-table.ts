import type { HealthStatus } from '@switchboard/core';
import type { Styles } from '../terminal/create-styles.js';
import { formatTable } from '../terminal/format-table.js';
import type { HealthRow } from './health-row.js';

const STATUS_STYLE: Record<HealthStatus, keyof Styles> = { healthy: 'green', degraded: 'yellow', down: 'red', unknown: 'dim' };

/** `switchboard health`'s table: status, latency and last error per provider. */
export function formatHealthTable(rows: readonly HealthRow[], styles: Styles): string {
  return formatTable({ head: ['PROVIDER', 'STATUS', 'LATENCY', 'LAST ERROR'], rows: rows.map((row) => cells(row, styles)), styleHead: styles.bold });
}

function cells(row: HealthRow, styles: Styles): string[] {
  if (!row.configured) return [row.provider, styles.dim('not configured'), '-', `${row.reason.replace(/^not configured: /, '')}; ${row.fix}`];
  const latency = row.latencyMs === undefined ? '-' : `${Math.round(row.latencyMs)} ms`;
  const lastError = row.lastError ? `[${row.lastError.kind}] ${row.lastError.message.split('\n')[0]}` : '';
  return [row.provider, styles[STATUS_STYLE[row.status]](row.status), latency, lastError];
}
